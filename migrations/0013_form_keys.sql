CREATE TABLE `form_keys` (
	`key` text PRIMARY KEY NOT NULL,
	`actor_id` integer NOT NULL,
	`kind` text NOT NULL,
	`target` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `form_keys_created` ON `form_keys` (`created_at`);