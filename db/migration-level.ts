// How far a database's schema has been migrated, compared with the committed migrations: drizzle
// records each applied migration in __drizzle_migrations (hash of the SQL file, the journal's
// `when`), and db/migrations/meta/_journal.json lists what this version of Baken ships.
import type Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export type LevelStatus =
  /** Every shipped migration applied, nothing else. */
  | 'current'
  /** A prefix of the shipped migrations: an older Baken made it; migrating brings it up to date. */
  | 'older'
  /** Migrations this Baken does not know, after all of its own: a newer Baken made it. */
  | 'newer'
  /** No migrations table, or applied migrations that differ from the shipped ones. */
  | 'foreign';

export interface MigrationLevel {
  status: LevelStatus;
  /** Tag of the newest applied migration this Baken knows (e.g. 0003_delivery_batches), if any. */
  appliedTag: string | undefined;
  applied: number;
  /** Tag of this Baken's newest migration. */
  expectedTag: string;
  expected: number;
  detail: string;
}

interface Shipped {
  tag: string;
  when: number;
  hash: string;
}

function shipped(migrationsFolder: string): Shipped[] {
  const journal = JSON.parse(readFileSync(join(migrationsFolder, 'meta', '_journal.json'), 'utf8')) as { entries: { tag: string; when: number }[] };
  const files = readMigrationFiles({ migrationsFolder });
  return journal.entries.map((e, i) => ({ tag: e.tag, when: e.when, hash: files[i]!.hash }));
}

export function migrationLevel(sqlite: Database.Database, migrationsFolder: string): MigrationLevel {
  const ours = shipped(migrationsFolder);
  const expectedTag = ours.at(-1)?.tag ?? '(none)';
  const base = { expectedTag, expected: ours.length };
  const hasTable = sqlite.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '__drizzle_migrations'").get() !== undefined;
  if (!hasTable) return { ...base, status: 'foreign', appliedTag: undefined, applied: 0, detail: 'it has no migrations table, so it is not a Baken database' };
  const rows = (sqlite.prepare('SELECT hash, created_at AS createdAt FROM __drizzle_migrations ORDER BY created_at, id').all() as { hash: string; createdAt: number | string }[]).map((r) => ({
    hash: r.hash,
    when: Number(r.createdAt),
  }));
  const known = Math.min(rows.length, ours.length);
  for (let i = 0; i < known; i++) {
    if (rows[i]!.when !== ours[i]!.when || rows[i]!.hash !== ours[i]!.hash) {
      return { ...base, status: 'foreign', appliedTag: ours[i - 1]?.tag, applied: rows.length, detail: `its migration ${i + 1} is not this Baken's ${ours[i]!.tag}` };
    }
  }
  const appliedTag = ours[known - 1]?.tag;
  if (rows.length > ours.length) {
    return { ...base, status: 'newer', appliedTag, applied: rows.length, detail: `it has ${rows.length} migrations and this Baken knows ${ours.length} (up to ${expectedTag}): a newer Baken made it` };
  }
  if (rows.length < ours.length) {
    return { ...base, status: 'older', appliedTag, applied: rows.length, detail: `it is at ${appliedTag ?? 'no migration'} and this Baken at ${expectedTag}: an older Baken made it` };
  }
  return { ...base, status: 'current', appliedTag, applied: rows.length, detail: `it is at ${expectedTag}` };
}
