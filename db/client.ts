import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/**
 * Where the committed SQL migrations live: BAKEN_MIGRATIONS_DIR, else beside this file (source and
 * tests), else ./db/migrations (the built server runs from dist/, started in the project folder).
 */
export const MIGRATIONS_DIR = process.env.BAKEN_MIGRATIONS_DIR ?? [join(dirname(fileURLToPath(import.meta.url)), 'migrations'), join(process.cwd(), 'db', 'migrations')].find((dir) => existsSync(join(dir, 'meta', '_journal.json'))) ?? join(process.cwd(), 'db', 'migrations');

/**
 * Opens (creating if needed) the SQLite database at `path` — or `:memory:` — in WAL mode with
 * foreign keys on, and applies the committed migrations.
 */
export function createDb(path: string, migrationsFolder = MIGRATIONS_DIR): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // WAL makes NORMAL durable against application crashes (not power loss), at a fraction of FULL's fsyncs.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema }) as Db;
  migrate(db, { migrationsFolder });
  return db;
}
