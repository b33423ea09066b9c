CREATE TABLE `area_roadmap_counts` (
	`unit_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`target_year` integer NOT NULL,
	`target_level` text NOT NULL,
	`planned` integer NOT NULL,
	PRIMARY KEY(`unit_id`, `set_id`, `target_year`, `target_level`)
);
--> statement-breakpoint
CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY NOT NULL,
	`cadre_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`role` text NOT NULL,
	`plan_ref` text,
	`period_from` text NOT NULL,
	`period_to` text,
	`created_by` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `assignments_cadre` ON `assignments` (`cadre_id`,`period_to`);--> statement-breakpoint
CREATE INDEX `assignments_unit` ON `assignments` (`unit_id`,`period_to`);--> statement-breakpoint
CREATE INDEX `assignments_province` ON `assignments` (`province_id`,`period_to`);--> statement-breakpoint
CREATE TABLE `commune_snapshots` (
	`unit_id` integer NOT NULL,
	`month` text NOT NULL,
	`province_id` integer NOT NULL,
	`district_id` integer,
	`criteria_met_base` integer NOT NULL,
	`level_reached` text,
	PRIMARY KEY(`unit_id`, `month`)
);
--> statement-breakpoint
CREATE INDEX `commune_snapshots_province_month` ON `commune_snapshots` (`province_id`,`month`);--> statement-breakpoint
CREATE TABLE `contributions` (
	`id` integer PRIMARY KEY NOT NULL,
	`sponsor_id` integer NOT NULL,
	`commune_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`district_id` integer,
	`hamlet_id` integer,
	`project_id` integer,
	`criterion_id` integer,
	`kind` text NOT NULL,
	`description` text,
	`quantity` integer,
	`unit_value` integer,
	`valuation_basis` text,
	`valuation_approved_by` text,
	`amount` integer DEFAULT 0 NOT NULL,
	`labour_days` integer,
	`land_m2` integer,
	`status` text NOT NULL,
	`pledged_at` text NOT NULL,
	`due_date` text,
	`received_total` integer DEFAULT 0 NOT NULL,
	`cancel_reason` text,
	`mobilised_by` integer,
	`evidence_note` text,
	`evidence_link` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `contributions_commune_status` ON `contributions` (`commune_id`,`status`);--> statement-breakpoint
CREATE INDEX `contributions_sponsor` ON `contributions` (`sponsor_id`);--> statement-breakpoint
CREATE INDEX `contributions_project` ON `contributions` (`project_id`);--> statement-breakpoint
CREATE INDEX `contributions_mobilised_by` ON `contributions` (`mobilised_by`);--> statement-breakpoint
CREATE INDEX `contributions_province` ON `contributions` (`province_id`,`status`);--> statement-breakpoint
CREATE TABLE `dossier_documents` (
	`id` integer PRIMARY KEY NOT NULL,
	`dossier_id` integer NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`link` text,
	`note` text,
	`added_by` integer NOT NULL,
	`added_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `dossier_documents_dossier` ON `dossier_documents` (`dossier_id`);--> statement-breakpoint
CREATE TABLE `dossier_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`dossier_id` integer NOT NULL,
	`at` text NOT NULL,
	`actor_id` integer NOT NULL,
	`action` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`reason` text
);
--> statement-breakpoint
CREATE INDEX `dossier_events_dossier` ON `dossier_events` (`dossier_id`,`at`);--> statement-breakpoint
CREATE TABLE `dossier_returns` (
	`id` integer PRIMARY KEY NOT NULL,
	`dossier_id` integer NOT NULL,
	`event_id` integer NOT NULL,
	`indicator_id` integer NOT NULL,
	`reason` text NOT NULL,
	`resolved_at` text
);
--> statement-breakpoint
CREATE INDEX `dossier_returns_dossier` ON `dossier_returns` (`dossier_id`,`resolved_at`);--> statement-breakpoint
CREATE TABLE `dossiers` (
	`id` integer PRIMARY KEY NOT NULL,
	`commune_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`district_id` integer,
	`set_id` integer NOT NULL,
	`level` text NOT NULL,
	`year` integer NOT NULL,
	`chain` text NOT NULL,
	`status` text NOT NULL,
	`satisfaction_pct` integer,
	`satisfaction_evidence` text,
	`no_debt_confirmed` integer DEFAULT false NOT NULL,
	`security_confirmed` integer DEFAULT false NOT NULL,
	`snapshot` text,
	`previous_snapshot` text,
	`submitted_at` text,
	`decision_number` text,
	`decision_date` text,
	`decision_signer` text,
	`revocation_number` text,
	`revocation_date` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `dossiers_commune_level_year` ON `dossiers` (`commune_id`,`level`,`year`);--> statement-breakpoint
CREATE INDEX `dossiers_province_status` ON `dossiers` (`province_id`,`status`);--> statement-breakpoint
CREATE INDEX `dossiers_district_status` ON `dossiers` (`district_id`,`status`);--> statement-breakpoint
CREATE TABLE `feedback_categories` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`name` text NOT NULL,
	`default_department_id` integer,
	`sla_days` integer DEFAULT 10 NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feedback_categories_province` ON `feedback_categories` (`province_id`);--> statement-breakpoint
CREATE TABLE `feedback_digests` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`month` text NOT NULL,
	`created_at` text NOT NULL,
	`data` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `feedback_digests_province_month` ON `feedback_digests` (`province_id`,`month`);--> statement-breakpoint
CREATE TABLE `feedback_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`feedback_id` integer NOT NULL,
	`at` text NOT NULL,
	`actor_id` integer,
	`kind` text NOT NULL,
	`from_status` text,
	`to_status` text,
	`department_id` integer,
	`text` text
);
--> statement-breakpoint
CREATE INDEX `feedback_events_item` ON `feedback_events` (`feedback_id`,`at`);--> statement-breakpoint
CREATE TABLE `feedback_items` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`unit_id` integer NOT NULL,
	`hamlet_id` integer,
	`district_id` integer,
	`source` text NOT NULL,
	`visit_concern_id` integer,
	`criterion_id` integer,
	`category_id` integer NOT NULL,
	`department_id` integer,
	`title` text NOT NULL,
	`content` text NOT NULL,
	`status` text NOT NULL,
	`received_at` text NOT NULL,
	`sla_days` integer NOT NULL,
	`due_date` text NOT NULL,
	`answered_at` text,
	`public_answer` text,
	`internal_note` text,
	`rating` integer,
	`rated_at` text,
	`flagged_80_at` text,
	`flagged_100_at` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `feedback_department_status` ON `feedback_items` (`department_id`,`status`,`due_date`);--> statement-breakpoint
CREATE INDEX `feedback_unit_status` ON `feedback_items` (`unit_id`,`status`);--> statement-breakpoint
CREATE INDEX `feedback_province_received` ON `feedback_items` (`province_id`,`received_at`);--> statement-breakpoint
CREATE INDEX `feedback_status_due` ON `feedback_items` (`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `fund_accounts` (
	`commune_id` integer PRIMARY KEY NOT NULL,
	`bank_bin` text NOT NULL,
	`account_number` text NOT NULL,
	`account_name` text NOT NULL,
	`updated_by` integer,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `holidays` (
	`date` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `notifications` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` text NOT NULL,
	`kind` text NOT NULL,
	`text` text NOT NULL,
	`link` text,
	`read_at` text
);
--> statement-breakpoint
CREATE INDEX `notifications_user` ON `notifications` (`user_id`,`read_at`,`created_at`);--> statement-breakpoint
CREATE TABLE `progress_targets` (
	`unit_id` integer NOT NULL,
	`year` integer NOT NULL,
	`share_ntm` integer NOT NULL,
	`share_advanced` integer NOT NULL,
	`share_model` integer NOT NULL,
	`min_criteria` integer NOT NULL,
	`version` integer DEFAULT 1 NOT NULL,
	PRIMARY KEY(`unit_id`, `year`)
);
--> statement-breakpoint
CREATE TABLE `projects` (
	`id` integer PRIMARY KEY NOT NULL,
	`commune_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`district_id` integer,
	`hamlet_id` integer,
	`criterion_id` integer,
	`name` text NOT NULL,
	`status` text NOT NULL,
	`progress` integer DEFAULT 0 NOT NULL,
	`budget_state` integer DEFAULT 0 NOT NULL,
	`budget_commune` integer DEFAULT 0 NOT NULL,
	`budget_residents` integer DEFAULT 0 NOT NULL,
	`budget_sponsors` integer DEFAULT 0 NOT NULL,
	`budget_other` integer DEFAULT 0 NOT NULL,
	`start_date` text,
	`end_date` text,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `projects_commune` ON `projects` (`commune_id`);--> statement-breakpoint
CREATE INDEX `projects_province` ON `projects` (`province_id`);--> statement-breakpoint
CREATE TABLE `province_settings` (
	`unit_id` integer PRIMARY KEY NOT NULL,
	`recognition_chain` text NOT NULL,
	`visit_gap_days` integer DEFAULT 60 NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `receipt_counters` (
	`commune_id` integer NOT NULL,
	`year` integer NOT NULL,
	`last_seq` integer NOT NULL,
	PRIMARY KEY(`commune_id`, `year`)
);
--> statement-breakpoint
CREATE TABLE `receipts` (
	`id` integer PRIMARY KEY NOT NULL,
	`contribution_id` integer NOT NULL,
	`commune_id` integer NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`number` text NOT NULL,
	`amount` integer NOT NULL,
	`received_at` text NOT NULL,
	`received_by` integer NOT NULL,
	`payer_name` text,
	`note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_commune_year_seq` ON `receipts` (`commune_id`,`year`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `receipts_number` ON `receipts` (`number`);--> statement-breakpoint
CREATE INDEX `receipts_contribution` ON `receipts` (`contribution_id`);--> statement-breakpoint
CREATE TABLE `rollup_snapshots` (
	`unit_id` integer NOT NULL,
	`set_id` integer NOT NULL,
	`month` text NOT NULL,
	`communes` integer NOT NULL,
	`criteria_met_sum` integer NOT NULL,
	`level_counts` text NOT NULL,
	`criterion_counts` text NOT NULL,
	`taken_at` text NOT NULL,
	PRIMARY KEY(`unit_id`, `set_id`, `month`)
);
--> statement-breakpoint
CREATE TABLE `sponsors` (
	`id` integer PRIMARY KEY NOT NULL,
	`province_id` integer NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`name_folded` text NOT NULL,
	`contact_phone` text,
	`contact_email` text,
	`contact_address` text,
	`contact_note` text,
	`public_consent` integer DEFAULT false NOT NULL,
	`public_name` text,
	`mobilised_by` integer,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`version` integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE INDEX `sponsors_province_name` ON `sponsors` (`province_id`,`name_folded`);--> statement-breakpoint
CREATE INDEX `sponsors_mobilised_by` ON `sponsors` (`mobilised_by`);--> statement-breakpoint
CREATE TABLE `visit_concerns` (
	`id` integer PRIMARY KEY NOT NULL,
	`visit_id` integer NOT NULL,
	`content` text NOT NULL,
	`feedback_id` integer
);
--> statement-breakpoint
CREATE INDEX `visit_concerns_visit` ON `visit_concerns` (`visit_id`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY NOT NULL,
	`unit_id` integer NOT NULL,
	`commune_id` integer NOT NULL,
	`province_id` integer NOT NULL,
	`visit_date` text NOT NULL,
	`participants` text NOT NULL,
	`met_with` text,
	`summary` text NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `visits_commune_date` ON `visits` (`commune_id`,`visit_date`);--> statement-breakpoint
CREATE INDEX `visits_author_date` ON `visits` (`created_by`,`visit_date`);