CREATE TABLE `commune_figures_packed` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`figures` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `commune_figures_packed_province` ON `commune_figures_packed` (`province_id`);