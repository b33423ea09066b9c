ALTER TABLE `ledger_rollups` ADD `anon_sponsors` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `ledger_rollups` ADD `shown` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX `ledger_rollups_shown` ON `ledger_rollups` (`area_id`,`dim`,`shown`,`pledged`,`key`);