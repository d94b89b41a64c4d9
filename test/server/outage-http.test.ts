// A database outage under load, on the real server: while 20 clients keep reading the public pages,
// feeds and JSON, another connection makes the tables the pages read disappear (as a botched
// restore would). Every cached path keeps answering 200 with its last good bytes, marked with a
// Warning and Age; a path never cached before fails, which shows the outage is real; once the
// tables are back, fresh answers return without a Warning.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { createDb } from '../../db/client.ts';
import { DAY, HOUR, makeIncident, makeService } from '../support/factories.ts';
import { ON_PG } from '../support/engine.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const CACHED = ['/en/', '/nl/', '/en/incidents', '/en/sla', '/api/v2/summary.json', '/api/v2/status.json', '/api/uptime.json', '/feed.rss', '/en/feed.atom'];
const ENCODINGS = ['br', 'gzip', 'identity'];
let server: RunningServer;
let path: string;

beforeAll(async () => {
  path = tempDbPath('outage');
  const db = createDb(path);
  const T = Date.now();
  const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 30 * DAY });
  for (let i = 0; i < 5; i++) {
    const start = T - (i + 1) * DAY;
    makeIncident(db, { title: `Incident ${i + 1}`, startedAt: start, resolvedAt: start + HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start, end: start + HOUR }] });
  }
  db.$client.close();
  server = await startServer({ databasePath: path });
});
afterAll(() => server?.stop());

/** Runs against the server while `alter` is applied; `sql` through a second connection. */
function alter(sql: string): void {
  const other = createDb(path);
  // On PostgreSQL a schema change fires no trigger: the notification a write would send tells the
  // server its cached answers are out of date, so it re-renders and meets the outage.
  other.$client.exec(ON_PG ? `${sql} NOTIFY baken_changes;` : sql);
  other.$client.close();
}

interface Tally {
  requests: number;
  /** Status → count; 0 for a request that got no answer at all. */
  byStatus: Map<number, number>;
  warned: number;
}

async function load(clients: number, until: () => boolean): Promise<Tally> {
  const tally: Tally = { requests: 0, byStatus: new Map(), warned: 0 };
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let i = 0; !until(); i++) {
        let status = 0;
        try {
          const res = await fetch(server.url + CACHED[(c + i) % CACHED.length], { headers: { 'accept-encoding': ENCODINGS[i % ENCODINGS.length]! } });
          await res.arrayBuffer();
          status = res.status;
          if (res.headers.get('warning')) tally.warned++;
        } catch {
          // counted as status 0
        }
        tally.requests++;
        tally.byStatus.set(status, (tally.byStatus.get(status) ?? 0) + 1);
      }
    }),
  );
  return tally;
}

describe('the database becomes unreadable under load', () => {
  it('keeps every cached path answering 200 with its last good bytes', { timeout: 60_000 }, async () => {
    const good = new Map<string, string>();
    for (const p of CACHED) {
      const res = await fetch(server.url + p);
      expect(res.status, p).toBe(200);
      good.set(p, await res.text());
    }

    let phase: 'before' | 'outage' | 'done' = 'before';
    const running = load(20, () => phase === 'done');
    // Whatever fails below, the clients stop.
    onTestFinished(() => {
      phase = 'done';
    });
    await new Promise((r) => setTimeout(r, 300));
    alter('ALTER TABLE services RENAME TO services_offline; ALTER TABLE incidents RENAME TO incidents_offline;');
    phase = 'outage';
    await new Promise((r) => setTimeout(r, 2000));

    // During the outage: the last good bytes, marked; a page never cached cannot be made.
    for (const p of CACHED) {
      const res = await fetch(server.url + p);
      expect([res.status, res.headers.get('x-cache'), res.headers.get('warning')], p).toEqual([200, 'STALE', '111 - "Revalidation Failed"']);
      expect(Number(res.headers.get('age'))).toBeGreaterThanOrEqual(0);
      expect(await res.text()).toBe(good.get(p));
    }
    expect((await fetch(`${server.url}/en/incidents/1`)).status).toBeGreaterThanOrEqual(500);
    phase = 'done';
    const tally = await running;

    expect(tally.requests).toBeGreaterThan(200);
    expect([...tally.byStatus.keys()]).toEqual([200]);
    expect(tally.warned).toBeGreaterThan(0);
    console.log(`Outage: ${tally.requests} requests on ${CACHED.length} cached paths, ${tally.byStatus.get(200)} × 200, 0 × 5xx, ${tally.warned} served stale with a Warning`);

    alter('ALTER TABLE services_offline RENAME TO services; ALTER TABLE incidents_offline RENAME TO incidents;');
    // Failed keys are retried after a second; then the answers are fresh again.
    const deadline = Date.now() + 10_000;
    for (const p of CACHED) {
      for (;;) {
        const res = await fetch(server.url + p);
        await res.arrayBuffer();
        if (res.status === 200 && res.headers.get('warning') === null) break;
        if (Date.now() > deadline) throw new Error(`${p} did not recover: ${res.status} ${res.headers.get('warning')}`);
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    expect((await fetch(`${server.url}/en/incidents/1`)).status).toBe(200);
  });
});
