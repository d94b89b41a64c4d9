// The one place that turns the environment into a running application context: config validated,
// database opened and migrated, demo data seeded when asked and empty. Astro pages and src/fetch.ts
// share it; in-process tests never use it (they build their own context).
import { createDb } from '../db/client.ts';
import { seedDemo } from '../db/seed.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { createContext, type AppContext } from './services/kernel/context.ts';
import { createMailer } from './services/mail/mailer.ts';
import { startMaintenanceScheduler } from './services/maintenance/scheduler.ts';
import { startOutboxWorker } from './services/mail/outbox-worker.ts';
import { startWebhookWorker } from './services/webhooks/worker.ts';

let context: AppContext | undefined;
let stopBackground: (() => Promise<void>) | undefined;

export function getContext(): AppContext {
  if (!context) {
    const config = configOrExit();
    const db = createDb(config.database);
    const frozen = config.frozenNow;
    const clock = frozen === undefined ? () => Date.now() : () => frozen;
    if (config.demo && seedDemo(db, { now: clock(), timeZone: config.timeZone })) console.log(`Seeded demo data into ${db.$client.name}`);
    context = createContext({ db, config, clock });
    // Catches up on windows that should have started or ended while the server was down, then
    // keeps moving them at their scheduled times.
    const stopScheduler = startMaintenanceScheduler(context);
    // Sends what the outbox holds (resuming batches a crash interrupted), then keeps sending.
    const stopWorker = startOutboxWorker(context, createMailer(config, { clock }), { claimMs: config.outboxClaimMs });
    // The same outbox, read again for webhook endpoints (its own cursor and deliveries).
    const stopWebhooks = startWebhookWorker(context);
    stopBackground = async () => {
      stopScheduler();
      await Promise.all([stopWorker(), stopWebhooks()]);
    };
  }
  return context;
}

/**
 * Shutdown, step 1: stops the scheduler and lets the outbox worker finish the batches on the wire
 * (and record their answers) for up to `graceMs`. A batch still unanswered then stays frozen under
 * its idempotency key and is sent again after the restart, which Resend answers from the key
 * instead of sending twice.
 */
export async function stopBackgroundWork({ graceMs = 5000 }: { graceMs?: number } = {}): Promise<void> {
  const stop = stopBackground;
  stopBackground = undefined;
  if (!stop) return;
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(resolve, graceMs, 'timeout')));
  const ended = await Promise.race([stop().then(() => 'stopped' as const), gaveUp]);
  clearTimeout(timer);
  if (ended === 'timeout') console.warn('Outbox: a batch was still on the wire at shutdown; it is sent again, under the same key, after the restart.');
}

/** Shutdown, step 2 (after the last request): closes the database, checkpointing the WAL. */
export function closeContext(): void {
  // The context stays set: a late caller must get the closed database, never a second context.
  if (context?.db.$client.open) context.db.$client.close();
}

/** A bad variable stops the server with a message that names it, not with a stack trace. */
function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exit(1);
  }
}
