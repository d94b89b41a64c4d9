import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { changeCounter, isPostgresUrl, PG_MIGRATIONS_DIR, PgConnection } from './postgres.ts';
import * as schema from './schema.ts';

export type Engine = 'sqlite' | 'pg';

export type Db = BetterSQLite3Database<typeof schema> & {
  $client: Database.Database;
  engine: Engine;
  /** Moves when another connection (the CLI, another instance) commits; what the response cache watches. */
  dataVersion(): number;
};

/**
 * Where the committed SQL migrations live: BAKEN_MIGRATIONS_DIR, else beside this file (source and
 * tests), else ./db/migrations (the built server runs from dist/, started in the project folder).
 */
export const MIGRATIONS_DIR = process.env.BAKEN_MIGRATIONS_DIR ?? [join(dirname(fileURLToPath(import.meta.url)), 'migrations'), join(process.cwd(), 'db', 'migrations')].find((dir) => existsSync(join(dir, 'meta', '_journal.json'))) ?? join(process.cwd(), 'db', 'migrations');

/**
 * Opens the database `target` names and applies the committed migrations: a postgres:// URL is
 * PostgreSQL (db/postgres.ts; the database is created when missing), anything else the SQLite file
 * at that path — or `:memory:` — in WAL mode with foreign keys on.
 */
export function createDb(target: string, migrationsFolder?: string): Db {
  return isPostgresUrl(target) ? createPostgresDb(target, migrationsFolder ?? PG_MIGRATIONS_DIR) : createSqliteDb(target, migrationsFolder ?? MIGRATIONS_DIR);
}

function createPostgresDb(url: string, migrationsFolder: string): Db {
  const connection = new PgConnection(url, migrationsFolder);
  const changes = changeCounter(url, connection.pid);
  const close = connection.close.bind(connection);
  connection.close = () => {
    changes.close();
    close();
  };
  // The connection answers better-sqlite3's calls, which is all Drizzle's SQLite driver makes.
  const db = drizzle({ client: connection as unknown as Database.Database, schema }) as Db;
  db.engine = 'pg';
  db.dataVersion = changes.read;
  return db;
}

/** Always SQLite, whatever the target looks like (tests compare the engines with it). */
export function createSqliteDb(path: string, migrationsFolder = MIGRATIONS_DIR): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // WAL makes NORMAL durable against application crashes (not power loss), at a fraction of FULL's fsyncs.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle({ client: sqlite, schema }) as Db;
  migrate(db, { migrationsFolder });
  db.engine = 'sqlite';
  // Prepared once: the response cache reads it on public requests.
  const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
  db.dataVersion = () => dataVersion.get() as number;
  return db;
}
