CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`prefix` text NOT NULL,
	`province_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`access` text NOT NULL,
	`resources` text NOT NULL,
	`rate_limit` integer DEFAULT 120 NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`revoked_at` text,
	`last_used_at` text,
	`window_start` text,
	`window_count` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_hash` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_province` ON `api_tokens` (`province_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `sso_identities` (
	`email` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sso_identities_user` ON `sso_identities` (`user_id`);--> statement-breakpoint
CREATE INDEX `sso_identities_province` ON `sso_identities` (`province_id`);--> statement-breakpoint
CREATE TABLE `national_provinces` (
	`code` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`region` text,
	`base_url` text NOT NULL,
	`token` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `national_pulls` (
	`province_code` text PRIMARY KEY NOT NULL,
	`summary` text,
	`fetched_at` text,
	`last_attempt_at` text NOT NULL,
	`last_error` text,
	`bytes` integer,
	`duration_ms` integer,
	`rows_read` integer
);
