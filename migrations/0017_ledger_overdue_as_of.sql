CREATE TABLE `ledger_rollup_dates` (
	`province_id` integer PRIMARY KEY NOT NULL,
	`as_of` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `ledger_rollups` ADD `overdue_count` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ledger_rollups` ADD `overdue_amount` integer DEFAULT 0 NOT NULL;