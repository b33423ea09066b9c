CREATE INDEX `audit_province_entity_at` ON `audit_log` (`province_id`,`entity`,`at`);--> statement-breakpoint
CREATE INDEX `audit_province_action_at` ON `audit_log` (`province_id`,`action`,`at`);--> statement-breakpoint
CREATE INDEX `feedback_province_answered` ON `feedback_items` (`province_id`,`answered_at`);