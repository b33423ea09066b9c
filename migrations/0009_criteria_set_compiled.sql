CREATE TABLE `criteria_set_compiled` (
	`set_id` integer NOT NULL,
	`version` integer NOT NULL,
	`body` text NOT NULL,
	`compiled_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	PRIMARY KEY(`set_id`, `version`)
);
