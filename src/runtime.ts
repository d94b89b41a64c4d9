// The one place that turns the environment into a running application context: config validated,
// database opened and migrated, demo data seeded when asked and empty. Astro pages and src/fetch.ts
// share it; tests never use it (they build their own context).
import { createDb } from '../db/client.ts';
import { seedDemo } from '../db/seed.ts';
import { loadConfig } from './config.ts';
import { createContext, type AppContext } from './services/context.ts';

let context: AppContext | undefined;

export function getContext(): AppContext {
  if (!context) {
    const config = loadConfig();
    const db = createDb(config.databasePath);
    const clock = () => Date.now();
    if (config.demo && seedDemo(db, { now: clock(), timeZone: config.timeZone })) console.log(`Seeded demo data into ${config.databasePath}`);
    context = createContext({ db, config, clock });
  }
  return context;
}
