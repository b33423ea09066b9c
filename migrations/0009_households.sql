CREATE TABLE `household_indicator_links` (
	`id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`indicator_code` text NOT NULL,
	`field` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`verified` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_indicator_links_set_code` ON `household_indicator_links` (`set_id`,`indicator_code`);--> statement-breakpoint
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