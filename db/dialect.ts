// The few spellings the two engines do not share, for the raw SQL that needs them. Everything else
// Baken writes is SQL both read; a service asks here rather than testing the engine itself.
import type { Db, Engine } from './client.ts';

/** Rows with one column, `value`: the integers of the JSON array in `json` (a parameter or a text column). */
export function jsonIntegers(engine: Engine, json: string): string {
  return engine === 'pg' ? `SELECT t.value::bigint AS value FROM json_array_elements_text(CAST(${json} AS json)) AS t(value)` : `SELECT value FROM json_each(${json})`;
}

/**
 * Runs `fn` in this instance only if no other instance on the database is running it (PostgreSQL:
 * a session advisory lock on `lock`, tried, never waited for); returns undefined when one is. On
 * SQLite there is one server per file, so it simply runs.
 */
export function onceAcrossInstances<T>(db: Db, lock: number, fn: () => T): T | undefined {
  if (db.engine !== 'pg') return fn();
  const got = db.$client.prepare('SELECT pg_try_advisory_lock(?) AS got').get(lock) as { got: number };
  if (!got.got) return undefined;
  try {
    return fn();
  } finally {
    db.$client.prepare('SELECT pg_advisory_unlock(?)').get(lock);
  }
}
