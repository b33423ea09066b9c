CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`actor_id` integer,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`before` text,
	`after` text,
	`ip` text
);
--> statement-breakpoint
CREATE INDEX `audit_entity` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE INDEX `audit_actor_at` ON `audit_log` (`actor_id`,`at`);--> statement-breakpoint
CREATE INDEX `audit_at` ON `audit_log` (`at`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`province_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_province_code` ON `departments` (`province_id`,`code`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`id` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`ip` text,
	`user_agent` text
);
--> statement-breakpoint
CREATE INDEX `sessions_user` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE INDEX `sessions_expires` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `unit_search_terms` (
	`term` text NOT NULL,
	`unit_id` integer NOT NULL,
	PRIMARY KEY(`term`, `unit_id`)
);
--> statement-breakpoint
CREATE INDEX `unit_search_terms_unit` ON `unit_search_terms` (`unit_id`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`name_folded` text NOT NULL,
	`kind` text NOT NULL,
	`level` text NOT NULL,
	`parent_id` integer,
	`province_id` integer,
	`district_id` integer,
	`commune_id` integer,
	`tiers` integer,
	`region` text,
	`gso_region` text,
	`commune_group` integer,
	`households` integer,
	`population` integer,
	`valid_from` text NOT NULL,
	`valid_to` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_level_code_valid_from` ON `units` (`level`,`code`,`valid_from`);--> statement-breakpoint
CREATE INDEX `units_code` ON `units` (`code`);--> statement-breakpoint
CREATE INDEX `units_parent` ON `units` (`parent_id`,`name_folded`);--> statement-breakpoint
CREATE INDEX `units_province_level` ON `units` (`province_id`,`level`);--> statement-breakpoint
CREATE INDEX `units_district_level` ON `units` (`district_id`,`level`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`username` text NOT NULL,
	`display_name` text NOT NULL,
	`password_hash` text NOT NULL,
	`password_salt` text NOT NULL,
	`password_iterations` integer NOT NULL,
	`role` text NOT NULL,
	`unit_id` integer NOT NULL,
	`department_id` integer,
	`disabled` integer DEFAULT false NOT NULL,
	`is_demo` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`password_changed_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_username` ON `users` (`username`);--> statement-breakpoint
CREATE INDEX `users_unit` ON `users` (`unit_id`);