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

let context: AppContext | undefined;

export function getContext(): AppContext {
  if (!context) {
    const config = configOrExit();
    const db = createDb(config.databasePath);
    const frozen = config.frozenNow;
    const clock = frozen === undefined ? () => Date.now() : () => frozen;
    if (config.demo && seedDemo(db, { now: clock(), timeZone: config.timeZone })) console.log(`Seeded demo data into ${config.databasePath}`);
    context = createContext({ db, config, clock });
    // Catches up on windows that should have started or ended while the server was down, then
    // keeps moving them at their scheduled times.
    startMaintenanceScheduler(context);
    // Sends what the outbox holds (resuming batches a crash interrupted), then keeps sending.
    startOutboxWorker(context, createMailer(config, { clock }));
  }
  return context;
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
