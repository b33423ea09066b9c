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
