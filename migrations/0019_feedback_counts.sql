CREATE TABLE `feedback_counts` (
	`province_id` integer NOT NULL,
	`district_id` integer NOT NULL,
	`grain` text NOT NULL,
	`period` text NOT NULL,
	`dim` text NOT NULL,
	`key_id` integer NOT NULL,
	`received` integer DEFAULT 0 NOT NULL,
	`answered` integer DEFAULT 0 NOT NULL,
	`answered_on_time` integer DEFAULT 0 NOT NULL,
	`answered_late` integer DEFAULT 0 NOT NULL,
	`ratings` integer DEFAULT 0 NOT NULL,
	`rating_sum` integer DEFAULT 0 NOT NULL,
	`pending` integer DEFAULT 0 NOT NULL,
	`overdue` integer DEFAULT 0 NOT NULL,
	PRIMARY KEY(`province_id`, `district_id`, `grain`, `period`, `dim`, `key_id`)
);
