// Which engine the suite runs on. `BAKEN_TEST_ENGINE=pg` (with BAKEN_TEST_PG_URL, a PostgreSQL
// server's URL) runs every test against PostgreSQL: each SQLite path a test names stands for its
// own PostgreSQL database — the same path, the same database, so a test that reopens a file
// reopens it; `:memory:` a fresh one each time. Otherwise the tests' paths are SQLite files.
import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Db } from '../../db/client.ts';

export const TEST_ENGINE: 'sqlite' | 'pg' = process.env.BAKEN_TEST_ENGINE === 'pg' ? 'pg' : 'sqlite';

if (TEST_ENGINE === 'pg' && !process.env.BAKEN_TEST_PG_URL) throw new Error('BAKEN_TEST_ENGINE=pg needs BAKEN_TEST_PG_URL (a postgres:// URL)');

/** The URL of database `name` on the server `base` names (BAKEN_TEST_PG_URL unless given). */
export function pgDatabaseUrl(name: string, base = process.env.BAKEN_TEST_PG_URL!): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A database of its own for a test or a benchmark: `<prefix>_<random>`, created when first opened. */
export function freshPgDatabaseUrl(prefix: string, base?: string): string {
  return pgDatabaseUrl(`${prefix}_${randomUUID().replaceAll('-', '').slice(0, 12)}`, base);
}

/** What createDb opens for a test's `path`: the path itself, or its PostgreSQL database. */
export function databaseFor(path: string): string {
  if (TEST_ENGINE === 'sqlite' || /^postgres(ql)?:\/\//.test(path)) return path;
  return path === ':memory:' ? freshPgDatabaseUrl('t') : pgDatabaseUrl(`t_${createHash('sha1').update(resolve(path)).digest('hex').slice(0, 24)}`);
}

/** The environment that points a spawned server or CLI at a test's database. */
export function dbEnv(path: string): Record<string, string> {
  return TEST_ENGINE === 'pg' ? { DATABASE_PATH: path, DATABASE_URL: databaseFor(path) } : { DATABASE_PATH: path };
}

/** For tests of what only SQLite has (the file, WAL, backups): `describe.skipIf(!SQLITE_ONLY…)`. */
export const ON_PG = TEST_ENGINE === 'pg';

/** Baken's tables (not the engine's or the migrator's), by name. */
export function tableNames(db: Db): string[] {
  const query =
    db.engine === 'pg'
      ? "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__drizzle%' ORDER BY name";
  return db.$client.prepare(query).pluck().all() as string[];
}
