ALTER TABLE `incident_updates` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `incident_updates_external_id` ON `incident_updates` (`external_id`);--> statement-breakpoint
ALTER TABLE `incidents` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `incidents_external_id` ON `incidents` (`external_id`);--> statement-breakpoint
ALTER TABLE `maintenance_updates` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `maintenance_updates_external_id` ON `maintenance_updates` (`external_id`);--> statement-breakpoint
ALTER TABLE `maintenances` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `maintenances_external_id` ON `maintenances` (`external_id`);--> statement-breakpoint
ALTER TABLE `service_groups` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `service_groups_external_id` ON `service_groups` (`external_id`);--> statement-breakpoint
ALTER TABLE `services` ADD `external_id` text;--> statement-breakpoint
CREATE UNIQUE INDEX `services_external_id` ON `services` (`external_id`);