ALTER TABLE `incident_report_revisions` ADD `previous_body_translation` text;--> statement-breakpoint
ALTER TABLE `incident_reports` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `incident_updates` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `incidents` ADD `title_translation` text;--> statement-breakpoint
ALTER TABLE `service_groups` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `service_groups` ADD `name_translation` text;--> statement-breakpoint
ALTER TABLE `services` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `services` ADD `name_translation` text;--> statement-breakpoint
ALTER TABLE `services` ADD `description_translation` text;