// PostgreSQL, the second engine: the tables db/schema-pg.ts derives from db/schema.ts, over a
// node-postgres pool, with the committed PostgreSQL migrations applied when it opens. It offers the
// same raw-SQL helpers as the SQLite Db (rows, execute), so code written against those runs on both.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { pgSchema } from './schema-pg.ts';

export type PgDb = NodePgDatabase<typeof pgSchema> & {
  engine: 'pg';
  $client: pg.Pool;
  rows<T = Record<string, unknown>>(query: SQL): Promise<T[]>;
  execute(query: SQL): Promise<{ changes: number }>;
  close(): Promise<void>;
};

export const PG_MIGRATIONS_DIR = process.env.BAKEN_PG_MIGRATIONS_DIR ?? [join(dirname(fileURLToPath(import.meta.url)), 'migrations-pg'), join(process.cwd(), 'db', 'migrations-pg')].find((dir) => existsSync(join(dir, 'meta', '_journal.json'))) ?? join(process.cwd(), 'db', 'migrations-pg');

// int8 (every id and epoch-millisecond instant) and numeric (sum, avg) come back from node-postgres
// as strings; every such value Baken stores is an integer well below 2^53, so a number is exact.
// Set on the module (Drizzle's queries read pg.types, not a pool's own parsers).
pg.types.setTypeParser(pg.types.builtins.INT8, Number);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, Number);

/** Any constant: the advisory lock under which one instance at a time applies migrations. */
const MIGRATION_LOCK = 0x6261_6b65;

/**
 * Connects to the PostgreSQL database at `url` (creating the database when it does not exist and
 * the role may) and applies the committed migrations, one instance at a time.
 */
export async function createPgDb(url: string, migrationsFolder = PG_MIGRATIONS_DIR, { max = 10 } = {}): Promise<PgDb> {
  await ensureDatabase(url);
  const pool = new pg.Pool({ connectionString: url, max, idleTimeoutMillis: 5_000 });
  // An idle client's error (the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', (err) => console.warn(`PostgreSQL: idle connection lost (${err.message})`));
  const db = drizzle({ client: pool, schema: pgSchema }) as PgDb;
  const lock = await pool.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(db, { migrationsFolder });
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    lock.release();
  }
  const execute = db.execute.bind(db) as (query: SQL) => Promise<pg.QueryResult>;
  db.rows = async <T,>(query: SQL) => (await execute(query)).rows as T[];
  db.execute = (async (query: SQL) => ({ changes: (await execute(query)).rowCount ?? 0 })) as PgDb['execute'];
  db.close = () => pool.end();
  db.engine = 'pg';
  return db;
}

async function ensureDatabase(url: string): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  const probe = new pg.Client({ connectionString: url });
  try {
    await probe.connect();
    return;
  } catch (err) {
    // 3D000: invalid_catalog_name, the database does not exist.
    if ((err as { code?: string }).code !== '3D000') throw err;
  } finally {
    await probe.end().catch(() => {});
  }
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`);
  } catch (err) {
    // Another instance created it first: 42P04 (duplicate_database), or 23505 when both got as far
    // as writing the catalogue.
    if (!['42P04', '23505'].includes((err as { code?: string }).code ?? '')) throw err;
  } finally {
    await client.end();
  }
}
