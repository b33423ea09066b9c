CREATE TABLE `dossier_files` (
	`id` integer PRIMARY KEY NOT NULL,
	`dossier_id` integer NOT NULL,
	`submitted_at` text NOT NULL,
	`file_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`indicator_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dossier_files_dossier` ON `dossier_files` (`dossier_id`,`submitted_at`);--> statement-breakpoint
CREATE INDEX `dossier_files_file` ON `dossier_files` (`file_id`);--> statement-breakpoint
CREATE TABLE `evidence_files` (
	`id` integer PRIMARY KEY NOT NULL,
	`parent_kind` text NOT NULL,
	`parent_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`file_name` text NOT NULL,
	`content_type` text NOT NULL,
	`size` integer NOT NULL,
	`sha256` text NOT NULL,
	`thumb_sha256` text,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	`taken_at` text,
	`gps_lat` real,
	`gps_lon` real,
	`is_public` integer DEFAULT false NOT NULL,
	`withdrawn_at` text,
	`withdrawn_by` integer
);
--> statement-breakpoint
CREATE INDEX `evidence_files_parent` ON `evidence_files` (`unit_id`,`parent_kind`,`parent_id`);--> statement-breakpoint
CREATE INDEX `evidence_files_kind_parent` ON `evidence_files` (`parent_kind`,`parent_id`);--> statement-breakpoint
CREATE INDEX `evidence_files_sha` ON `evidence_files` (`sha256`);--> statement-breakpoint
CREATE INDEX `evidence_files_province_unit` ON `evidence_files` (`province_id`,`unit_id`);