CREATE TABLE `incident_report_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`edited_at` integer NOT NULL,
	`author_name` text NOT NULL,
	`previous_body` text NOT NULL,
	`previous_body_translation` text,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_report_revisions_incident` ON `incident_report_revisions` (`incident_id`,`edited_at`);--> statement-breakpoint
ALTER TABLE `incident_reports` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `incident_updates` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `title_translation` text;--> statement-breakpoint
ALTER TABLE `maintenance_updates` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `title_translation` text;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `service_groups` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `service_groups` ADD `name_translation` text;--> statement-breakpoint
ALTER TABLE `services` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `services` ADD `name_translation` text;--> statement-breakpoint
ALTER TABLE `services` ADD `description_translation` text;