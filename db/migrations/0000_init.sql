CREATE TABLE `incident_impacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	`impact` text NOT NULL,
	`start_at` integer NOT NULL,
	`end_at` integer,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_impacts_end` ON `incident_impacts` (`end_at`,`service_id`);--> statement-breakpoint
CREATE INDEX `incident_impacts_service` ON `incident_impacts` (`service_id`,`start_at`);--> statement-breakpoint
CREATE INDEX `incident_impacts_incident` ON `incident_impacts` (`incident_id`);--> statement-breakpoint
CREATE TABLE `incident_reports` (
	`incident_id` integer PRIMARY KEY NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`published_at` integer,
	`backfilled` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `incident_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`incident_id` integer NOT NULL,
	`status` text NOT NULL,
	`body` text NOT NULL,
	`created_at` integer NOT NULL,
	`backfilled` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`incident_id`) REFERENCES `incidents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `incident_updates_incident` ON `incident_updates` (`incident_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `incidents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`severity` text NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`monitoring_at` integer,
	`resolved_at` integer,
	`sla_exclusion_cause` text,
	`sla_exclusion_reason` text,
	`backfilled` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `incidents_resolved_at` ON `incidents` (`resolved_at`);--> statement-breakpoint
CREATE INDEX `incidents_started_at` ON `incidents` (`started_at`);--> statement-breakpoint
CREATE INDEX `incidents_status` ON `incidents` (`status`);--> statement-breakpoint
CREATE TABLE `maintenance_services` (
	`maintenance_id` integer NOT NULL,
	`service_id` integer NOT NULL,
	PRIMARY KEY(`maintenance_id`, `service_id`),
	FOREIGN KEY (`maintenance_id`) REFERENCES `maintenances`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`service_id`) REFERENCES `services`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maintenance_services_service` ON `maintenance_services` (`service_id`);--> statement-breakpoint
CREATE TABLE `maintenance_updates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`maintenance_id` integer NOT NULL,
	`status` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`created_at` integer NOT NULL,
	`backfilled` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`maintenance_id`) REFERENCES `maintenances`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `maintenance_updates_maintenance` ON `maintenance_updates` (`maintenance_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `maintenances` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`title` text NOT NULL,
	`body` text DEFAULT '' NOT NULL,
	`scheduled_start` integer NOT NULL,
	`scheduled_end` integer NOT NULL,
	`announced_at` integer NOT NULL,
	`status` text NOT NULL,
	`actual_start` integer,
	`actual_end` integer,
	`auto_transition` integer DEFAULT true NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	`backfilled` integer DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE INDEX `maintenances_scheduled_end` ON `maintenances` (`scheduled_end`);--> statement-breakpoint
CREATE INDEX `maintenances_status` ON `maintenances` (`status`);--> statement-breakpoint
CREATE INDEX `maintenances_actual_end` ON `maintenances` (`actual_end`);--> statement-breakpoint
CREATE TABLE `service_groups` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `service_groups_name_unique` ON `service_groups` (`name`);--> statement-breakpoint
CREATE TABLE `services` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`name` text NOT NULL,
	`description` text DEFAULT '' NOT NULL,
	`group_id` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`sla_covered` integer DEFAULT true NOT NULL,
	`start_date` integer NOT NULL,
	`archived_at` integer,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `service_groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `services_slug_unique` ON `services` (`slug`);--> statement-breakpoint
CREATE INDEX `services_group_position` ON `services` (`group_id`,`position`);--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL,
	`updated_at` integer DEFAULT 0 NOT NULL
);
