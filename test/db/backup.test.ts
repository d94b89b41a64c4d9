// Backup and restore on real SQLite files, through the CLI's own run(): a round trip keeps every
// row; restore refuses a missing file, a file that is not a database, one that fails
// integrity_check, a schema from a newer Baken or from something else, an older one unless
// --migrate, and a file another connection has open unless --force — and a refusal changes nothing.
// (SQLite's file only: a PostgreSQL database is backed up with pg_dump, and the CLI says so.)
import { closeSync, cpSync, mkdtempSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDb, MIGRATIONS_DIR } from '../../db/client.ts';
import { run } from '../../src/cli.ts';
import { makeService } from '../support/factories.ts';
import { ON_PG } from '../support/engine.ts';

let dir: string;
let live: string;

async function baken(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { DATABASE_PATH: live, BAKEN_DEMO: '0' }, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Service slugs in the file at `path` (opened read-only). */
function slugs(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare('SELECT slug FROM services ORDER BY id').all() as { slug: string }[]).map((r) => r.slug);
  } finally {
    db.close();
  }
}

/** A database at this version's level with `n` services (and some bulk, so it spans many pages). */
function database(path: string, prefix: string, n: number): void {
  const db = createDb(path);
  for (let i = 0; i < n; i++) makeService(db, { slug: `${prefix}-${i}`, description: 'x'.repeat(2000) });
  db.$client.close();
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'baken-backup-'));
  live = join(dir, 'live.db');
  database(live, 'live', 3);
});

describe.skipIf(ON_PG)('backup', () => {
  it('writes one self-contained file with every row, and restore brings it back', async () => {
    database(live, 'more', 200);
    const res = await baken('backup', join(dir, 'b.db'));
    expect(res).toMatchObject({ code: 0, err: '' });
    expect(res.out).toMatch(new RegExp(`^Backed up ${live} to ${join(dir, 'b.db')}: \\d+ pages \\(\\d+\\.\\d MiB\\) in \\d+\\.\\d s; integrity check ok\\.$`));
    const backup = new Database(join(dir, 'b.db'), { readonly: true });
    expect(backup.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
    backup.close();
    const before = slugs(live);
    expect(before).toHaveLength(203);
    expect(slugs(join(dir, 'b.db'))).toEqual(before);

    // Change the live data, then restore: it is exactly the backup again.
    const db = createDb(live);
    db.$client.exec("DELETE FROM services WHERE slug LIKE 'more-%'");
    db.$client.close();
    const restored = await baken('restore', join(dir, 'b.db'));
    expect(restored).toMatchObject({ code: 0, err: '' });
    expect(restored.out).toMatch(/^Restored .* into .*live\.db: \d+ pages, integrity check ok, migrations at 0\d{3}_\w+\.$/);
    expect(slugs(live)).toEqual(before);
  });

  it('refuses a missing folder, and the live file as its own target', async () => {
    expect(await baken('backup', join(dir, 'nope', 'b.db'))).toEqual({ code: 1, out: '', err: `baken: The folder ${join(dir, 'nope')} does not exist.` });
    expect(await baken('backup', live)).toEqual({ code: 1, out: '', err: 'baken: The backup file cannot be the database itself.' });
  });
});

describe.skipIf(ON_PG)('restore refuses', () => {
  async function refused(file: string, message: RegExp, ...flags: string[]) {
    const before = readFileSync(live);
    const res = await baken('restore', file, ...flags);
    expect(res.code).toBe(1);
    expect(res.out).toBe('');
    expect(res.err).toMatch(message);
    expect(readFileSync(live).equals(before)).toBe(true);
    expect(slugs(live)).toEqual(['live-0', 'live-1', 'live-2']);
  }

  it('a missing file and a file that is not a database', async () => {
    await refused(join(dir, 'missing.db'), /^baken: There is no file .*missing\.db\.$/);
    writeFileSync(join(dir, 'junk.db'), Buffer.alloc(8192, 0x5a));
    await refused(join(dir, 'junk.db'), /^baken: .*junk\.db is not a readable SQLite database \(file is not a database\)\.$/);
    writeFileSync(join(dir, 'empty.db'), '');
    await refused(join(dir, 'empty.db'), /^baken: .*empty\.db was not restored: it has no migrations table, so it is not a Baken database\.$/);
  });

  it('a backup that fails PRAGMA integrity_check', async () => {
    const file = join(dir, 'corrupt.db');
    database(file, 'other', 100);
    const db = new Database(file);
    db.pragma('journal_mode = DELETE');
    const { rootpage, pageSize } = db.prepare("SELECT rootpage, (SELECT page_size FROM pragma_page_size) AS pageSize FROM sqlite_master WHERE name = 'services'").get() as { rootpage: number; pageSize: number };
    db.close();
    // Scribble over the header and cell pointers of the services table's root page.
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(64, 0xff), 0, 64, (rootpage - 1) * pageSize);
    closeSync(fd);
    await refused(file, /^baken: .*corrupt\.db failed PRAGMA integrity_check: /);
  });

  it('a schema from a newer Baken, or one whose migrations are not ours', async () => {
    const newer = join(dir, 'newer.db');
    database(newer, 'new', 1);
    const db = new Database(newer);
    db.prepare('INSERT INTO __drizzle_migrations (hash, created_at) VALUES (?, ?)').run('f'.repeat(64), 4_102_444_800_000);
    db.close();
    await refused(newer, /^baken: .*newer\.db was not restored: it has \d+ migrations and this Baken knows \d+ \(up to 0\d{3}_\w+\): a newer Baken made it\.$/);

    const foreign = join(dir, 'foreign.db');
    database(foreign, 'foreign', 1);
    const f = new Database(foreign);
    f.prepare('UPDATE __drizzle_migrations SET hash = ? WHERE created_at = (SELECT min(created_at) FROM __drizzle_migrations)').run('0'.repeat(64));
    f.close();
    await refused(foreign, /^baken: .*foreign\.db was not restored: its migration 1 is not this Baken's 0000_init\.$/);
  });

  it('a schema from an older Baken unless --migrate, which brings it up to date', async () => {
    // An older Baken: the same migrations folder without its newest migration.
    const oldMigrations = join(dir, 'old-migrations');
    cpSync(MIGRATIONS_DIR, oldMigrations, { recursive: true });
    const journalPath = join(oldMigrations, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
    const newest = journal.entries.pop().tag;
    writeFileSync(journalPath, JSON.stringify(journal));
    const older = join(dir, 'older.db');
    const db = createDb(older, oldMigrations);
    // Plain SQL: the factories write today's columns, which the older schema may not have yet.
    db.$client.prepare("INSERT INTO services (slug, name, start_date, created_at, updated_at) VALUES ('from-old', 'from-old', 0, 0, 0)").run();
    db.$client.close();

    await refused(older, new RegExp(`^baken: .*older\\.db was not restored: it is at ${journal.entries.at(-1).tag} and this Baken at ${newest}: an older Baken made it\\. Pass --migrate to bring it up to ${newest} while restoring\\.$`));
    const res = await baken('restore', older, '--migrate');
    expect(res.code).toBe(0);
    expect(res.out).toContain(`migrations at ${newest} (migrated from an older Baken).`);
    expect(slugs(live)).toEqual(['from-old']);
  });

  it('a file another connection has open, unless --force', async () => {
    const file = join(dir, 'b.db');
    database(file, 'backup', 2);
    // Any open connection counts, even an idle one (a server between requests).
    const holder = new Database(live);
    holder.pragma('journal_mode = WAL');
    holder.prepare('SELECT count(*) FROM services').get();
    try {
      await refused(file, /^baken: .*live\.db is open in another process \(is the server running\?\)\. Stop it first, or pass --force to replace the data under it\.$/);
      const forced = await baken('restore', file, '--force');
      expect(forced.code).toBe(0);
      expect(forced.err).toBe('baken: the database was open in another process; restart the server so it serves the restored data.');
      // The open connection sees the restored data, not a torn mix.
      expect((holder.prepare('SELECT slug FROM services ORDER BY id').all() as { slug: string }[]).map((r) => r.slug)).toEqual(['backup-0', 'backup-1']);
      expect(holder.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      holder.close();
    }
  });
});
