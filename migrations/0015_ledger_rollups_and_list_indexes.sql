CREATE TABLE `ledger_rollup_dates` (
	`province_id` integer PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `ledger_rollups` (
	`province_id` integer NOT NULL,
	`area_id` integer NOT NULL,
	`dim` text NOT NULL,
	`key` integer NOT NULL,
	`count` integer DEFAULT 0 NOT NULL,
	`cancelled` integer DEFAULT 0 NOT NULL,
	`pledged` integer DEFAULT 0 NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`outstanding` integer DEFAULT 0 NOT NULL,
	`labour_days_pledged` integer DEFAULT 0 NOT NULL,
	`labour_days_received` integer DEFAULT 0 NOT NULL,
	`land_m2_pledged` integer DEFAULT 0 NOT NULL,
	`land_m2_received` integer DEFAULT 0 NOT NULL,
	`overdue_count` integer DEFAULT 0 NOT NULL,
	`overdue_amount` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`area_id`, `dim`, `key`)
);
--> statement-breakpoint
CREATE INDEX `ledger_rollups_covering` ON `ledger_rollups` (`area_id`,`dim`,`key`,`province_id`,`count`,`cancelled`,`pledged`,`received`,`outstanding`,`labour_days_pledged`,`labour_days_received`,`land_m2_pledged`,`land_m2_received`,`overdue_count`,`overdue_amount`);--> statement-breakpoint
CREATE INDEX `feedback_unit_received` ON `feedback_items` (`unit_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `feedback_department_open_due` ON `feedback_items` (`department_id`,`due_date`) WHERE "feedback_items"."status" in ('routed', 'in_progress');--> statement-breakpoint
CREATE INDEX `contributions_commune_pledged` ON `contributions` (`commune_id`,`pledged_at`);--> statement-breakpoint
CREATE INDEX `contributions_open_due` ON `contributions` (`province_id`,`due_date`,`commune_id`,`district_id`,`criterion_id`,`project_id`,`mobilised_by`,`sponsor_id`,`amount`,`received_total`) WHERE "contributions"."status" = 'pledged';