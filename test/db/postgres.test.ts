// PostgreSQL, the second engine: the tables derived from db/schema.ts match SQLite's one for one,
// the committed PostgreSQL migrations apply to a real server, and the portable query builder reads
// back what it wrote. CI (.ci/run) starts a private PostgreSQL and passes BAKEN_TEST_PG_URL.
import { randomBytes } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { getTableConfig as pgConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import type { SqliteRemoteDatabase } from 'drizzle-orm/sqlite-proxy';
import { createDb } from '../../db/client.ts';
import { createPgDb } from '../../db/postgres.ts';
import * as schema from '../../db/schema.ts';
import { pgSchema } from '../../db/schema-pg.ts';

const tableKeys = Object.keys(pgSchema) as (keyof typeof pgSchema)[];
const PG_URL = process.env.BAKEN_TEST_PG_URL;

function freshDatabaseUrl(): string {
  const url = new URL(PG_URL!);
  url.pathname = `/baken_test_${randomBytes(6).toString('hex')}`;
  return url.toString();
}

describe('the PostgreSQL tables derived from db/schema.ts', () => {
  it('are the SQLite tables: names, columns, keys, indexes and foreign keys', () => {
    expect(tableKeys).toHaveLength(25);
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

describe.skipIf(!PG_URL && !process.env.CI)('a real PostgreSQL', () => {
  it('is given to the suite in CI', () => {
    expect(PG_URL, 'BAKEN_TEST_PG_URL must name the PostgreSQL .ci/run started').toBeTruthy();
  });

  it('takes the committed migrations, once, from two instances opening a new database at the same time', async () => {
    const url = freshDatabaseUrl();
    const [a, b] = await Promise.all([createPgDb(url), createPgDb(url)]);
    try {
      const applied = await a.rows<{ n: number }>(sql`SELECT count(*) AS n FROM drizzle.__drizzle_migrations`);
      expect(applied).toEqual([{ n: 1 }]);
      const columns = await b.rows<{ table_name: string; column_name: string }>(sql`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position`);
      const lite = createDb(':memory:');
      const liteColumns = lite.$client
        .prepare(`SELECT m.name AS table_name, p.name AS column_name FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name NOT LIKE '__drizzle%' ORDER BY m.name, p.cid`)
        .all();
      // Sorted: SQLite's later migrations appended columns where the PostgreSQL table has them in place.
      const sorted = (list: unknown[]) => (list as { table_name: string; column_name: string }[]).map((c) => `${c.table_name}.${c.column_name}`).sort();
      expect(sorted(columns)).toEqual(sorted(liteColumns));
      expect(columns).toHaveLength(211);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('reads back through the query builder what it wrote: numbers, booleans, JSON; a failed transaction leaves nothing', async () => {
    // Typed through Drizzle's asynchronous SQLite API and the tables of db/schema.ts: the typing the
    // services move to next, so that one code path runs on both engines.
    const pgDb = await createPgDb(freshDatabaseUrl());
    const db = pgDb as unknown as SqliteRemoteDatabase<typeof schema>;
    const t = pgSchema;
    try {
      const at = Date.UTC(2026, 11, 2, 12, 0, 0);
      const [group] = await db.insert(t.serviceGroups).values({ name: 'Hosting', createdAt: at, updatedAt: at }).returning();
      await db.insert(t.services).values({ slug: 'web', name: 'Web', groupId: group!.id, slaCovered: false, startDate: at, createdAt: at, updatedAt: at });
      const rows = await db.select({ name: t.services.name, group: t.serviceGroups.name, slaCovered: t.services.slaCovered, startDate: t.services.startDate }).from(t.services).innerJoin(t.serviceGroups, eq(t.services.groupId, t.serviceGroups.id));
      expect(rows).toEqual([{ name: 'Web', group: 'Hosting', slaCovered: false, startDate: at }]);

      const [event] = await db.insert(t.outboxEvents).values({ type: 'incident.created', entityType: 'incident', entityId: 7, serviceIds: [1, 2], payload: { title: 'Storing' }, createdAt: at }).returning();
      expect([event!.serviceIds, event!.payload, event!.notify, event!.processedAt]).toEqual([[1, 2], { title: 'Storing' }, true, null]);

      await expect(
        db.transaction(async (tx) => {
          await tx.insert(t.serviceGroups).values({ name: 'Mail', createdAt: at, updatedAt: at });
          throw new Error('changed my mind');
        }),
      ).rejects.toThrow('changed my mind');
      expect(await pgDb.rows(sql`SELECT name FROM service_groups ORDER BY id`)).toEqual([{ name: 'Hosting' }]);
      expect(await pgDb.execute(sql`UPDATE services SET position = position + 1`)).toEqual({ changes: 1 });
    } finally {
      await pgDb.close();
    }
  });
});
