CREATE TABLE `hamlet_checks` (
	`hamlet_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`met` integer NOT NULL,
	`note` text,
	`updated_by` integer NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`hamlet_id`, `criterion_id`)
);
--> statement-breakpoint
CREATE INDEX `hamlet_checks_set` ON `hamlet_checks` (`hamlet_id`,`set_id`);--> statement-breakpoint
CREATE TABLE `hamlet_criteria` (
	`id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`verified` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hamlet_criteria_set_number` ON `hamlet_criteria` (`set_id`,`number`);--> statement-breakpoint
CREATE TABLE `hamlet_criteria_sets` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`title` text NOT NULL,
	`decided_by` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hamlet_criteria_sets_province_code` ON `hamlet_criteria_sets` (`province_id`,`code`);--> statement-breakpoint
CREATE TABLE `hamlet_recognitions` (
	`id` integer PRIMARY KEY NOT NULL,
	`hamlet_id` integer NOT NULL,
	`commune_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`decided_by` text NOT NULL,
	`decision_number` text NOT NULL,
	`decision_date` text NOT NULL,
	`signer` text NOT NULL,
	`recorded_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `hamlet_recognitions_hamlet_set` ON `hamlet_recognitions` (`hamlet_id`,`set_id`);--> statement-breakpoint
CREATE INDEX `hamlet_recognitions_commune` ON `hamlet_recognitions` (`commune_id`);--> statement-breakpoint
CREATE INDEX `hamlet_recognitions_province` ON `hamlet_recognitions` (`province_id`,`set_id`);--> statement-breakpoint
CREATE TABLE `household_indicator_links` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`indicator_code` text NOT NULL,
	`field` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`verified` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_indicator_links_province_set_code` ON `household_indicator_links` (`province_id`,`set_id`,`indicator_code`);--> statement-breakpoint
CREATE TABLE `household_retention` (
	`commune_id` integer PRIMARY KEY NOT NULL,
	`months` integer,
	`updated_by` integer NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY NOT NULL,
	`hamlet_id` integer NOT NULL,
	`commune_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`head_name` text NOT NULL,
	`head_folded` text NOT NULL,
	`address` text NOT NULL,
	`poverty` text,
	`housing` text,
	`clean_water` integer,
	`sanitation` integer,
	`note` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_by` integer NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `households_hamlet` ON `households` (`hamlet_id`,`head_folded`);--> statement-breakpoint
CREATE INDEX `households_commune_updated` ON `households` (`commune_id`,`updated_at`);