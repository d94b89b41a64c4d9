// PostgreSQL, the second engine: the tables derived from db/schema.ts match SQLite's one for one,
// the committed PostgreSQL migrations apply to a real server once however many instances start,
// and the connection behind better-sqlite3's interface (db/postgres.ts) answers as SQLite would.
// CI (.ci/run) starts a private PostgreSQL and passes BAKEN_TEST_PG_URL.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { getTableConfig as pgConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import { createDb, createSqliteDb } from '../../db/client.ts';
import { onceAcrossInstances } from '../../db/dialect.ts';
import { translate } from '../../db/postgres.ts';
import * as schema from '../../db/schema.ts';
import { pgSchema } from '../../db/schema-pg.ts';
import { freshPgDatabaseUrl } from '../support/engine.ts';

const tableKeys = Object.keys(pgSchema) as (keyof typeof pgSchema)[];
const PG_URL = process.env.BAKEN_TEST_PG_URL;

const freshDatabaseUrl = () => freshPgDatabaseUrl('baken_test');

describe('the PostgreSQL tables derived from db/schema.ts', () => {
  it('are the SQLite tables: names, columns, keys, indexes and foreign keys', () => {
    expect(tableKeys).toHaveLength(26);
    for (const key of tableKeys) {
      const lite = sqliteConfig(schema[key] as unknown as SQLiteTable);
      const pg = pgConfig(pgSchema[key] as unknown as PgTable);
      expect(pg.name).toBe(lite.name);
      // (SQLite gives every INTEGER PRIMARY KEY a default, the rowid; PostgreSQL only identity columns.)
      const shape = (c: { name: string; notNull: boolean; primary: boolean; hasDefault: boolean }) => [c.name, c.notNull, c.primary, c.primary || c.hasDefault];
      expect(pg.columns.map(shape)).toEqual(lite.columns.map(shape));
      expect(pg.indexes.map((i) => [i.config.name, !!i.config.unique, i.config.columns.length])).toEqual(lite.indexes.map((i) => [i.config.name, !!i.config.unique, i.config.columns.length]));
      expect(pg.primaryKeys.map((p) => p.columns.map((c) => c.name))).toEqual(lite.primaryKeys.map((p) => p.columns.map((c) => c.name)));
      expect(pg.foreignKeys.map((f) => f.getName()).sort()).toEqual(lite.foreignKeys.map((f) => f.getName()).sort());
    }
  });
});

describe('placeholders, from SQLite\'s to PostgreSQL\'s', () => {
  it('numbers ? in order, gives a name one number however often it appears, and leaves quotes, comments and casts alone', () => {
    expect(translate(`SELECT '?', "a?" FROM t WHERE a = ? AND b = @x AND c = :y AND d = @x -- ?\n AND e = $z AND f::text = ? INDEXED BY i`)).toEqual({
      text: `SELECT '?', "a?" FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d = $2 -- ?\n AND e = $4 AND f::text = $5 `,
      slots: [0, 'x', 'y', 'z', 1],
      write: false,
      concurrent: false,
    });
    expect(translate('  INSERT INTO t VALUES (?)')).toMatchObject({ write: true, concurrent: false });
    expect(translate('WITH c AS (SELECT id FROM t FOR UPDATE SKIP LOCKED) UPDATE t SET a = 1 WHERE id IN (SELECT id FROM c)')).toMatchObject({ write: true, concurrent: true });
  });
});

describe.skipIf(!PG_URL && !process.env.CI)('a real PostgreSQL', () => {
  it('is given to the suite in CI', () => {
    expect(PG_URL, 'BAKEN_TEST_PG_URL must name the PostgreSQL .ci/run started').toBeTruthy();
  });

  it('takes the committed migrations, once, from two processes opening a new database at the same time', async () => {
    const url = freshDatabaseUrl();
    const open = () =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', `import { createDb } from ${JSON.stringify(join(import.meta.dirname, '..', '..', 'db', 'client.ts'))}; const db = createDb(process.argv[1]); console.log(db.engine); db.$client.close();`, url], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (out += d));
        child.on('exit', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(out))));
      });
    expect(await Promise.all([open(), open()])).toEqual(['pg', 'pg']);
    const db = createDb(url);
    try {
      expect(db.$client.prepare('SELECT count(*) AS n FROM drizzle.__drizzle_migrations').get()).toEqual({ n: 2 });
      const columns = db.$client.prepare("SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position").all();
      const lite = createSqliteDb(':memory:');
      const liteColumns = lite.$client
        .prepare(`SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__drizzle%' ORDER BY m.name, p.cid`)
        .all();
      // Sorted: SQLite's later migrations appended columns where the PostgreSQL table has them in place.
      const sorted = (list: unknown[]) => (list as { table_name: string; column_name: string }[]).map((c) => `${c.table_name}.${c.column_name}`).sort();
      expect(sorted(columns)).toEqual(sorted(liteColumns));
      expect(columns).toHaveLength(215);
    } finally {
      db.$client.close();
    }
  }, 60_000);

  it('reads back through the query builder what it wrote: numbers, booleans, JSON; a failed transaction, or savepoint, leaves nothing', () => {
    const db = createDb(freshDatabaseUrl());
    const t = schema;
    try {
      expect(db.engine).toBe('pg');
      const at = Date.UTC(2026, 11, 2, 12, 0, 0);
      const group = db.insert(t.serviceGroups).values({ name: 'Hosting', createdAt: at, updatedAt: at }).returning().get();
      db.insert(t.services).values({ slug: 'web', name: 'Web', groupId: group.id, slaCovered: false, startDate: at, createdAt: at, updatedAt: at }).run();
      const rows = db.select({ name: t.services.name, group: t.serviceGroups.name, slaCovered: t.services.slaCovered, startDate: t.services.startDate }).from(t.services).innerJoin(t.serviceGroups, eq(t.services.groupId, t.serviceGroups.id)).all();
      expect(rows).toEqual([{ name: 'Web', group: 'Hosting', slaCovered: false, startDate: at }]);

      const event = db.insert(t.outboxEvents).values({ type: 'incident.created', entityType: 'incident', entityId: 7, serviceIds: [1, 2], payload: { title: 'Storing' }, createdAt: at }).returning().get();
      expect([event.id, event.serviceIds, event.payload, event.notify, event.processedAt]).toEqual([1, [1, 2], { title: 'Storing' }, true, null]);

      const insert = db.$client.prepare('INSERT INTO service_groups (name, created_at, updated_at) VALUES (@name, 0, 0)');
      // (U+0000, which PostgreSQL's text cannot hold, is dropped.)
      expect(insert.run({ name: 'Ma\0il' })).toMatchObject({ changes: 1, lastInsertRowid: 2 });
      expect(() =>
        db.transaction((tx) => {
          tx.insert(t.serviceGroups).values({ name: 'DNS', createdAt: at, updatedAt: at }).run();
          // A nested transaction is a savepoint: its failure, caught, undoes only its own writes.
          expect(() => tx.transaction((inner) => {
            inner.insert(t.serviceGroups).values({ name: 'Backup', createdAt: at, updatedAt: at }).run();
            throw new Error('not this one');
          })).toThrow('not this one');
          expect(tx.select({ name: t.serviceGroups.name }).from(t.serviceGroups).orderBy(t.serviceGroups.id).all().map((g) => g.name)).toEqual(['Hosting', 'Mail', 'DNS']);
          throw new Error('changed my mind');
        }),
      ).toThrow('changed my mind');
      expect(db.$client.prepare('SELECT name FROM service_groups ORDER BY id').pluck().all()).toEqual(['Hosting', 'Mail']);
      expect(db.$client.prepare('UPDATE services SET position = position + 1').run().changes).toBe(1);
      expect(db.$client.prepare('SELECT 1 = 1 AS yes, count(*) AS n, sum(position) AS s FROM services').get()).toEqual({ yes: 1, n: 1, s: 1 });
      expect(() => db.$client.prepare('INSERT INTO services (slug) VALUES (?)').run('x')).toThrow(expect.objectContaining({ code: '23502' }));
    } finally {
      db.$client.close();
    }
  });

  it('gives up a write after 5 s behind another connection\'s transaction, and the connection works on', () => {
    const url = freshDatabaseUrl();
    const [a, b] = [createDb(url), createDb(url)];
    const insert = (db: typeof a, name: string) => db.$client.prepare('INSERT INTO service_groups (name, created_at, updated_at) VALUES (?, 0, 0)').run(name);
    try {
      a.$client.transaction(() => {
        insert(a, 'a');
        // b waits for the writer lock a holds (as SQLite's busy_timeout), then fails like SQLITE_BUSY.
        expect(() => b.$client.transaction(() => insert(b, 'b in a transaction'))()).toThrow(expect.objectContaining({ code: '55P03' }));
        expect(() => insert(b, 'b alone')).toThrow(expect.objectContaining({ code: '55P03' }));
      })();
      insert(b, 'b after');
      expect(b.$client.prepare('SELECT name FROM service_groups ORDER BY id').pluck().all()).toEqual(['a', 'b after']);
    } finally {
      a.$client.close();
      b.$client.close();
    }
  }, 30_000);

  it('runs a once-across-instances task in one instance at a time, and frees it after', () => {
    const url = freshDatabaseUrl();
    const [a, b] = [createDb(url), createDb(url)];
    try {
      const ran: string[] = [];
      const result = onceAcrossInstances(a, 42, () => {
        ran.push('a');
        expect(onceAcrossInstances(b, 42, () => ran.push('b while a'))).toBeUndefined();
        return 'done';
      });
      expect(result).toBe('done');
      expect(onceAcrossInstances(b, 42, () => ran.push('b after'))).toBe(2);
      expect(ran).toEqual(['a', 'b after']);
    } finally {
      a.$client.close();
      b.$client.close();
    }
  });

  it('counts the commits of other connections, not its own, from the first read on', async () => {
    const url = freshDatabaseUrl();
    const [mine, other] = [createDb(url), createDb(url)];
    try {
      const before = mine.dataVersion();
      mine.$client.prepare("INSERT INTO service_groups (name, created_at, updated_at) VALUES ('a', 0, 0)").run();
      other.$client.prepare("INSERT INTO service_groups (name, created_at, updated_at) VALUES ('b', 0, 0)").run();
      const deadline = Date.now() + 2000;
      while (mine.dataVersion() === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      await new Promise((r) => setTimeout(r, 100));
      expect(mine.dataVersion() - before).toBe(1);
    } finally {
      mine.$client.close();
      other.$client.close();
    }
  });
});
