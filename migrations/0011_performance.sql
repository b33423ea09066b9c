CREATE TABLE `criteria_set_compiled` (
	`set_id` integer NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`compiled_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`set_id`, `version`)
);
--> statement-breakpoint
CREATE INDEX `audit_province_entity_at` ON `audit_log` (`province_id`,`entity`,`at`);--> statement-breakpoint
CREATE INDEX `audit_province_action_at` ON `audit_log` (`province_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `feedback_province_answered` ON `feedback_items` (`province_id`,`answered_at`);--> statement-breakpoint
CREATE INDEX `feedback_province_status_due` ON `feedback_items` (`province_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `contributions_province_commune` ON `contributions` (`province_id`,`commune_id`);--> statement-breakpoint
CREATE INDEX `carried_recognitions_province_level` ON `carried_recognitions` (`province_id`,`level`,`decided_at`);