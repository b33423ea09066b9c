CREATE TABLE `contact_channels` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`channel` text NOT NULL,
	`address` text NOT NULL,
	`keys` text,
	`verified_at` text,
	`code_hash` text,
	`code_expires_at` text,
	`code_tries` integer DEFAULT 0 NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contact_channels_user_channel` ON `contact_channels` (`user_id`,`channel`);--> statement-breakpoint
CREATE TABLE `deliveries` (
	`id` integer PRIMARY KEY NOT NULL,
	`outbox_id` integer NOT NULL,
	`user_id` integer NOT NULL,
	`channel` text NOT NULL,
	`kind` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`status` text NOT NULL,
	`attempt` integer NOT NULL,
	`reason` text,
	`at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `deliveries_user_key` ON `deliveries` (`user_id`,`channel`,`dedupe_key`,`at`);--> statement-breakpoint
CREATE INDEX `deliveries_at` ON `deliveries` (`at`);--> statement-breakpoint
CREATE INDEX `deliveries_outbox` ON `deliveries` (`outbox_id`);--> statement-breakpoint
CREATE TABLE `notify_prefs` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`off` text NOT NULL,
	`quiet_from` text,
	`quiet_to` text,
	`daily_digest` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_ids` text NOT NULL,
	`params` text NOT NULL,
	`dedupe_key` text NOT NULL,
	`created_at` text NOT NULL,
	`enqueued_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`enqueued_at`,`id`);