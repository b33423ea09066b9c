CREATE TABLE `area_criterion_counts` (
	`unit_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`level` text NOT NULL,
	`communes` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `set_id`, `criterion_id`, `level`)
);
--> statement-breakpoint
CREATE TABLE `area_level_counts` (
	`unit_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`level` text NOT NULL,
	`communes` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `set_id`, `level`)
);
--> statement-breakpoint
CREATE TABLE `area_rollups` (
	`unit_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`communes` integer NOT NULL,
	`criteria_met_sum` integer NOT NULL,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `set_id`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
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
CREATE TABLE `commune_bindings` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`key` text NOT NULL,
	`target_level` text NOT NULL,
	`target_year` integer NOT NULL,
	`eval_year` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `commune_rollups` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`district_id` integer,
	`criteria_met` text NOT NULL,
	`criteria_total` text NOT NULL,
	`criteria` text NOT NULL,
	`criteria_met_base` integer NOT NULL,
	`level_reached` text,
	`level_rank` integer NOT NULL,
	`recognised_level` text,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `commune_rollups_district` ON `commune_rollups` (`district_id`);--> statement-breakpoint
CREATE INDEX `commune_rollups_province` ON `commune_rollups` (`province_id`);--> statement-breakpoint
CREATE TABLE `criteria` (
	`id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`number` integer NOT NULL,
	`name` text NOT NULL,
	`group_code` text NOT NULL,
	`group_name` text NOT NULL,
	`revocation_key` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_set_number` ON `criteria` (`set_id`,`number`);--> statement-breakpoint
CREATE TABLE `criteria_levels` (
	`id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`rank` integer NOT NULL,
	`rule` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_levels_set_code` ON `criteria_levels` (`set_id`,`code`);--> statement-breakpoint
CREATE TABLE `criteria_sets` (
	`id` integer PRIMARY KEY NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`decision` text NOT NULL,
	`period_from` integer NOT NULL,
	`period_to` integer NOT NULL,
	`applies_to` text NOT NULL,
	`target_key` text NOT NULL,
	`status` text NOT NULL,
	`source` text,
	`province_id` integer,
	`cloned_from_id` integer,
	`version` integer DEFAULT 1 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `criteria_sets_code` ON `criteria_sets` (`code`);--> statement-breakpoint
CREATE TABLE `departments` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `departments_province_code` ON `departments` (`province_id`,`code`);--> statement-breakpoint
CREATE TABLE `indicator_targets` (
	`id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`level` text NOT NULL,
	`key` text NOT NULL,
	`year_from` integer NOT NULL,
	`year_to` integer NOT NULL,
	`value` text NOT NULL,
	`source` text NOT NULL,
	`verified` integer NOT NULL,
	`sort` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `indicator_targets_set_key` ON `indicator_targets` (`set_id`,`key`);--> statement-breakpoint
CREATE INDEX `indicator_targets_indicator_key` ON `indicator_targets` (`indicator_id`,`key`);--> statement-breakpoint
CREATE TABLE `indicator_value_history` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`old_value` text,
	`new_value` text,
	`old_evidence` text,
	`new_evidence` text,
	`note` text,
	`changed_by` integer,
	`changed_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `indicator_value_history_unit_indicator` ON `indicator_value_history` (`unit_id`,`indicator_id`,`changed_at`);--> statement-breakpoint
CREATE TABLE `indicator_values` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`value` text,
	`evidence_note` text,
	`evidence_link` text,
	`met` text NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicator_values_unit_indicator` ON `indicator_values` (`unit_id`,`indicator_id`);--> statement-breakpoint
CREATE INDEX `indicator_values_unit_criterion` ON `indicator_values` (`unit_id`,`criterion_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY NOT NULL,
	`set_id` integer NOT NULL,
	`criterion_id` integer NOT NULL,
	`code` text NOT NULL,
	`name` text NOT NULL,
	`kind` text NOT NULL,
	`comparator` text NOT NULL,
	`unit` text,
	`level` text NOT NULL,
	`evidence_required` integer NOT NULL,
	`guidance` text,
	`choices` text,
	`sort` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_set_code` ON `indicators` (`set_id`,`code`);--> statement-breakpoint
CREATE INDEX `indicators_criterion` ON `indicators` (`criterion_id`);--> statement-breakpoint
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
	`id` integer PRIMARY KEY NOT NULL,
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
	`id` integer PRIMARY KEY NOT NULL,
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
CREATE INDEX `users_unit` ON `users` (`unit_id`);--> statement-breakpoint
CREATE TABLE `write_guards` (
	`id` integer PRIMARY KEY NOT NULL,
	`ok` integer NOT NULL,
	CONSTRAINT "write_guards_ok" CHECK("write_guards"."ok" = 1)
);
