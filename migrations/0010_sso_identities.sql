CREATE TABLE `sso_identities` (
	`email` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sso_identities_user` ON `sso_identities` (`user_id`);--> statement-breakpoint
CREATE INDEX `sso_identities_province` ON `sso_identities` (`province_id`);