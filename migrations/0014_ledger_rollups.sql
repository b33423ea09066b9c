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
	PRIMARY KEY(`area_id`, `dim`, `key`)
);
--> statement-breakpoint
CREATE INDEX `contributions_open_due` ON `contributions` (`province_id`,`due_date`,`commune_id`,`district_id`,`criterion_id`,`project_id`,`mobilised_by`,`sponsor_id`,`amount`,`received_total`) WHERE "contributions"."status" = 'pledged';