CREATE TABLE `province_holidays` (
	`province_id` integer NOT NULL,
	`date` text NOT NULL,
	`name` text NOT NULL,
	PRIMARY KEY(`province_id`, `date`)
);
--> statement-breakpoint
CREATE TABLE `receipt_lookup_throttles` (
	`key` text PRIMARY KEY NOT NULL,
	`lookups` integer NOT NULL,
	`window_start` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `audit_log` ADD `province_id` integer;--> statement-breakpoint
CREATE INDEX `audit_province_at` ON `audit_log` (`province_id`,`at`);--> statement-breakpoint
ALTER TABLE `receipts` ADD `check_code` text;--> statement-breakpoint
ALTER TABLE `sessions` ADD `last_seen_at` text;