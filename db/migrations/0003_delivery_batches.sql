ALTER TABLE `deliveries` ADD `batch_key` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `to_email` text;--> statement-breakpoint
ALTER TABLE `deliveries` ADD `locale` text;--> statement-breakpoint
CREATE INDEX `deliveries_unbatched` ON `deliveries` (`id`) WHERE state = 'pending' AND batch_key IS NULL;--> statement-breakpoint
CREATE INDEX `deliveries_batched` ON `deliveries` (`batch_key`,`next_attempt_at`) WHERE state = 'pending' AND batch_key IS NOT NULL;