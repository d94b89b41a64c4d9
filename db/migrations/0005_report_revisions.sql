CREATE TABLE `incident_report_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`edited_at` integer NOT NULL,
	`author_name` text NOT NULL,
	`previous_body` text NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_report_revisions_incident` ON `incident_report_revisions` (`incident_id`,`edited_at`);