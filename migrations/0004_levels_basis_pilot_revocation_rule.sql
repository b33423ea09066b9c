ALTER TABLE `criteria_levels` ADD `basis` text;--> statement-breakpoint
ALTER TABLE `criteria_levels` ADD `pilot` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `province_settings` ADD `revocation_rule_2026` text;--> statement-breakpoint
ALTER TABLE `province_settings` ADD `revocation_rule_source` text;