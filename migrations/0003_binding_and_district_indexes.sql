CREATE INDEX `commune_bindings_set_key` ON `commune_bindings` (`set_id`,`key`);--> statement-breakpoint
CREATE INDEX `contributions_province_district` ON `contributions` (`province_id`,`district_id`);