CREATE TABLE `carried_recognitions` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`rule` text NOT NULL,
	`predecessors` text NOT NULL,
	`proposed_level` text,
	`proposed_by` integer NOT NULL,
	`proposed_at` text NOT NULL,
	`level` text,
	`decision_number` text,
	`decision_date` text,
	`decision_signer` text,
	`decided_by` integer,
	`decided_at` text,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `carried_recognitions_province` ON `carried_recognitions` (`province_id`,`decided_at`);--> statement-breakpoint
CREATE TABLE `carry_rule_settings` (
	`province_id` integer PRIMARY KEY NOT NULL,
	`rule` text NOT NULL,
	`source` text DEFAULT '' NOT NULL,
	`verified` integer DEFAULT false NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `unit_successions` (
	`id` integer PRIMARY KEY NOT NULL,
	`successor_id` integer NOT NULL,
	`predecessor_id` integer NOT NULL,
	`status` text NOT NULL,
	`source_text` text NOT NULL,
	`completed_by` integer,
	`completed_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_successions_pair` ON `unit_successions` (`successor_id`,`predecessor_id`);--> statement-breakpoint
CREATE INDEX `unit_successions_predecessor` ON `unit_successions` (`predecessor_id`);