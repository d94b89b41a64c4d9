ALTER TABLE `maintenance_updates` ADD `body_translation` text;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `lang` text;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `title_translation` text;--> statement-breakpoint
ALTER TABLE `maintenances` ADD `body_translation` text;