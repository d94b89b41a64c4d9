// `baken import statuspage` on a page built from Statuspage's documented v2 JSON
// (test/fixtures/statuspage/): from a directory, from a URL (a local HTTP server answering
// /api/v2/*.json), idempotent (a second run changes no row), and a round trip: Baken's own v2
// JSON imported into a fresh Baken gives the same components and incidents.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../db/client.ts';
import { auditLog, incidentImpacts, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances, outboxEvents, serviceGroups, services } from '../../../db/schema.ts';
import { run } from '../../../src/cli.ts';
import { createApi } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { freePort, tempDbPath } from '../../support/server.ts';
import { buildStatuspageWorld } from '../../support/statuspage-world.ts';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'statuspage');
const NOW = Date.parse('2026-11-21T12:00:00Z');
const t = (s: string) => Date.parse(s);

async function baken(args: string[], dbPath: string, clock = () => NOW) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(args, { DATABASE_PATH: dbPath }, { out: (l) => out.push(l), err: (l) => err.push(l) }, clock);
  return { code, out, err };
}

/** Every table the import writes, whole, in id order. */
function dump(db: Db) {
  return {
    groups: db.select().from(serviceGroups).orderBy(asc(serviceGroups.id)).all(),
    services: db.select().from(services).orderBy(asc(services.id)).all(),
    incidents: db.select().from(incidents).orderBy(asc(incidents.id)).all(),
    updates: db.select().from(incidentUpdates).orderBy(asc(incidentUpdates.id)).all(),
    impacts: db.select().from(incidentImpacts).orderBy(asc(incidentImpacts.id)).all(),
    maintenances: db.select().from(maintenances).orderBy(asc(maintenances.id)).all(),
    maintenanceServices: db.select().from(maintenanceServices).all(),
    maintenanceUpdates: db.select().from(maintenanceUpdates).orderBy(asc(maintenanceUpdates.id)).all(),
    audit: db.select().from(auditLog).orderBy(asc(auditLog.id)).all().length,
    outbox: db.select().from(outboxEvents).all().length,
  };
}

function withDb<T>(path: string, fn: (db: Db) => T): T {
  const db = createDb(path);
  try {
    return fn(db);
  } finally {
    db.$client.close();
  }
}

describe('import statuspage from a directory', () => {
  const path = tempDbPath('import-dir');
  let first: Awaited<ReturnType<typeof baken>>;
  beforeAll(async () => {
    first = await baken(['import', 'statuspage', FIXTURE], path);
  });

  it('reports progress and what it imported', () => {
    expect(first.err).toEqual([]);
    expect(first.code).toBe(0);
    expect(first.out).toEqual([
      `reading ${join(FIXTURE, 'summary.json')}`,
      `reading ${join(FIXTURE, 'incidents.json')}`,
      `reading ${join(FIXTURE, 'scheduled-maintenances.json')}`,
      'page y2j98763l56x: 4 components, 3 incidents, 3 maintenances',
      'components: 1 groups and 3 services imported',
      'incidents: 3/3',
      'maintenances: 3/3',
      'Imported 1 groups, 3 services, 3 incidents (8 updates), 3 maintenances (6 updates); 0 records were already there.',
    ]);
  });

  it('writes the catalogue, incidents with their impact history and maintenances as backfilled history', () => {
    const d = withDb(path, dump);
    expect(d.groups.map((g) => [g.name, g.position, g.externalId])).toEqual([['API', 0, 'statuspage:y2j98763l56x:grp1apigroup']]);
    expect(d.services.map((s) => [s.slug, s.name, s.groupId, s.position, s.description, s.startDate, s.externalId])).toEqual([
      ['rest-api', 'REST API', 1, 0, 'Public REST endpoints', t('2026-01-05T00:00:00-06:00'), 'statuspage:y2j98763l56x:cmp1restapi0'],
      ['webhooks', 'Webhooks', 1, 1, '', t('2026-01-05T00:00:00-06:00'), 'statuspage:y2j98763l56x:cmp2webhooks'],
      ['dashboard', 'Dashboard', null, 0, '', t('2026-01-05T00:00:00-06:00'), 'statuspage:y2j98763l56x:cmp3dashbrd'],
    ]);
    expect(d.incidents.map((i) => [i.title, i.status, i.severity, i.startedAt, i.createdAt, i.monitoringAt, i.resolvedAt, i.backfilled])).toEqual([
      ['Elevated API errors', 'identified', 'high', t('2026-11-20T07:55:00-06:00'), t('2026-11-20T08:00:19.418-06:00'), null, null, true],
      ['Webhook delays', 'resolved', 'medium', t('2026-11-02T12:00:19.418-06:00'), t('2026-11-02T12:00:19.418-06:00'), t('2026-11-02T13:11:24.478-06:00'), t('2026-11-02T13:40:58.572-06:00'), true],
      ['Dashboard outage', 'resolved', 'critical', t('2026-10-10T08:45:00-05:00'), t('2026-10-10T09:00:00-05:00'), null, t('2026-10-10T10:30:00-05:00'), true],
    ]);
    // REST API: degraded from the start, partial from the second update on; Webhooks: degraded
    // until resolved; Dashboard (no affected_components): the "critical" level for the whole time.
    expect(d.impacts.map((i) => [i.incidentId, i.serviceId, i.impact, i.startAt, i.endAt])).toEqual([
      [1, 1, 'degraded_performance', t('2026-11-20T07:55:00-06:00'), t('2026-11-20T08:31:24.239-06:00')],
      [1, 1, 'partial_outage', t('2026-11-20T08:31:24.239-06:00'), null],
      [2, 2, 'degraded_performance', t('2026-11-02T12:00:19.418-06:00'), t('2026-11-02T13:40:58.572-06:00')],
      [3, 3, 'major_outage', t('2026-10-10T08:45:00-05:00'), t('2026-10-10T10:30:00-05:00')],
    ]);
    expect(d.updates.filter((u) => u.incidentId === 2).map((u) => [u.status, u.body, u.createdAt])).toEqual([
      ['investigating', 'Webhooks are delayed.', t('2026-11-02T12:00:19.418-06:00')],
      ['monitoring', 'A fix has been implemented and we are monitoring the results.', t('2026-11-02T13:11:24.478-06:00')],
      ['resolved', 'This incident has been resolved.', t('2026-11-02T13:40:58.572-06:00')],
      // Statuspage's postmortem update: the incident stays resolved.
      ['resolved', 'The queue filled up after a certificate expired.', t('2026-11-03T10:00:00-06:00')],
    ]);
    expect(d.maintenances.map((m) => [m.title, m.status, m.body, m.scheduledStart, m.actualStart, m.actualEnd, m.announcedAt, m.autoTransition])).toEqual([
      ['Dashboard upgrade', 'in_progress', 'We will upgrade the dashboard.', t('2026-11-20T08:00:00-06:00'), t('2026-11-20T08:00:00-06:00'), null, t('2026-11-17T09:00:00-06:00'), false],
      ['Database failover test', 'scheduled', 'A short failover test.', t('2026-12-20T22:00:00-06:00'), null, null, t('2026-11-18T09:00:00-06:00'), true],
      ['Network work', 'completed', 'Network maintenance.', t('2026-10-05T01:00:00-05:00'), t('2026-10-05T01:02:00-05:00'), t('2026-10-05T02:40:00-05:00'), t('2026-10-01T09:00:00-05:00'), false],
    ]);
    expect(d.maintenanceServices.map((m) => [m.maintenanceId, m.serviceId]).sort()).toEqual([[1, 3], [2, 1], [2, 2], [3, 1]]);
    expect(d.maintenanceUpdates.map((u) => [u.maintenanceId, u.status])).toEqual([[1, 'scheduled'], [1, 'in_progress'], [2, 'scheduled'], [3, 'scheduled'], [3, 'in_progress'], [3, 'completed']]);
    // One audit entry per record; history is never announced.
    expect(d.audit).toBe(10);
    expect(d.outbox).toBe(0);
  });

  it('a second run changes nothing', async () => {
    const before = withDb(path, dump);
    const again = await baken(['import', 'statuspage', FIXTURE], path, () => NOW + 60_000);
    expect(again.code).toBe(0);
    expect(again.out.at(-1)).toBe('Imported 0 groups, 0 services, 0 incidents (0 updates), 0 maintenances (0 updates); 10 records were already there.');
    expect(withDb(path, dump)).toStrictEqual(before);
  });

  it('an incident that gained an update on Statuspage gains it here, nothing else changes', async () => {
    const doc = JSON.parse(readFileSync(join(FIXTURE, 'incidents.json'), 'utf8'));
    const open = doc.incidents[0];
    const at = '2026-11-20T09:15:00.000-06:00';
    open.incident_updates.unshift({ ...open.incident_updates[0], id: 'upd1c', status: 'monitoring', body: 'Rolled back; watching.', created_at: at, updated_at: at, display_at: at, affected_components: null });
    Object.assign(open, { status: 'monitoring', monitoring_at: at, updated_at: at });
    const file = join(tempDbPath('later'), '..', 'incidents-later.json');
    writeFileSync(file, JSON.stringify(doc));
    const before = withDb(path, dump);
    const later = await baken(['import', 'statuspage', file], path, () => NOW + 120_000);
    expect(later.code).toBe(0);
    expect(later.out.at(-1)).toBe('Imported 0 groups, 0 services, 0 incidents (1 updates), 0 maintenances (0 updates); 2 records were already there.');
    const after = withDb(path, dump);
    expect(after.updates.slice(before.updates.length).map((u) => [u.incidentId, u.status, u.body, u.createdAt, u.externalId])).toEqual([[1, 'monitoring', 'Rolled back; watching.', t(at), 'statuspage:y2j98763l56x:upd1c']]);
    // The incident follows the export's state; nothing else moves.
    expect(after.incidents[0]).toStrictEqual({ ...before.incidents[0], status: 'monitoring', monitoringAt: t(at), updatedAt: t(at) });
    expect(after.audit).toBe(before.audit + 1);
    expect({ ...after, updates: before.updates, incidents: before.incidents, audit: before.audit }).toStrictEqual(before);

    // Then it was resolved: the impact still in force ends at the resolution.
    const done = '2026-11-20T10:00:00.000-06:00';
    open.incident_updates.unshift({ ...open.incident_updates[0], id: 'upd1d', status: 'resolved', body: 'Resolved.', created_at: done, updated_at: done, display_at: done });
    Object.assign(open, { status: 'resolved', resolved_at: done, updated_at: done });
    writeFileSync(file, JSON.stringify(doc));
    expect((await baken(['import', 'statuspage', file], path, () => NOW + 180_000)).code).toBe(0);
    const resolved = withDb(path, dump);
    expect([resolved.incidents[0]!.status, resolved.incidents[0]!.resolvedAt]).toEqual(['resolved', t(done)]);
    expect(resolved.impacts.filter((i) => i.incidentId === 1).map((i) => [i.impact, i.endAt])).toEqual([
      ['degraded_performance', t('2026-11-20T08:31:24.239-06:00')],
      ['partial_outage', t(done)],
    ]);
  });

  it('refuses what is not Statuspage JSON, changing nothing', async () => {
    const dir = join(tempDbPath('bad'), '..');
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ page: { name: 'x' }, incidents: [{ id: 1 }] }));
    const before = withDb(path, dump);
    const bad = await baken(['import', 'statuspage', join(dir, 'bad.json')], path);
    expect(bad.code).toBe(1);
    expect(bad.err[0]).toMatch(/^baken: Not a Statuspage v2 document: page\.id: /);
    expect(withDb(path, dump)).toStrictEqual(before);
    expect((await baken(['import', 'statuspage'], path)).code).toBe(2);
    expect((await baken(['import', 'other', FIXTURE], path)).code).toBe(2);
  });
});

describe('import statuspage from a URL', () => {
  let server: Server;
  let base = '';
  const requests: string[] = [];
  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      const file = /^\/api\/v2\/(summary|incidents|scheduled-maintenances)\.json$/.exec(req.url ?? '')?.[1];
      if (!file) return void res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
      res.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(join(FIXTURE, `${file}.json`)));
    });
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('fetches the three v2 documents and imports exactly what the directory import does', async () => {
    const fromUrl = tempDbPath('import-url');
    const fromDir = tempDbPath('import-dir2');
    const r = await baken(['import', 'statuspage', `${base}/`], fromUrl);
    expect(r.code).toBe(0);
    expect(requests).toEqual(['/api/v2/summary.json', '/api/v2/incidents.json', '/api/v2/scheduled-maintenances.json']);
    expect(r.out.slice(0, 3)).toEqual([`reading ${base}/api/v2/summary.json`, `reading ${base}/api/v2/incidents.json`, `reading ${base}/api/v2/scheduled-maintenances.json`]);
    await baken(['import', 'statuspage', FIXTURE], fromDir);
    const strip = (d: ReturnType<typeof dump>) => ({ ...d, audit: d.audit });
    expect(strip(withDb(fromUrl, dump))).toStrictEqual(strip(withDb(fromDir, dump)));
    // A page that does not answer: 1, nothing written.
    const missing = await baken(['import', 'statuspage', `${base}/nope.json`], tempDbPath('import-404'));
    expect(missing.code).toBe(1);
    expect(missing.err).toEqual([`baken: ${base}/nope.json answered 404.`]);
  });
});

describe('round trip', () => {
  it("Baken's own v2 JSON imported into a fresh Baken gives the same components and incidents", async () => {
    const now = Date.parse('2026-11-24T12:00:00Z');
    const v2 = async (path: string) => {
      const db = createDb(path);
      try {
        const app = createApi(createContext({ db, config: loadConfig({}), clock: () => now }));
        const get = async (p: string) => (await app.request(`/api/v2/${p}`)).json() as Promise<any>;
        return { summary: await get('summary.json'), incidents: await get('incidents.json'), maintenances: await get('scheduled-maintenances.json') };
      } finally {
        db.$client.close();
      }
    };
    const source = tempDbPath('round-source');
    buildStatuspageWorld(source, now);
    const exported = await v2(source);
    const dir = join(tempDbPath('round-files'), '..', 'v2');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'summary.json'), JSON.stringify(exported.summary));
    writeFileSync(join(dir, 'incidents.json'), JSON.stringify(exported.incidents));
    writeFileSync(join(dir, 'scheduled-maintenances.json'), JSON.stringify(exported.maintenances));

    const target = tempDbPath('round-target');
    const r = await baken(['import', 'statuspage', dir], target, () => now);
    expect(r.code).toBe(0);
    const imported = await v2(target);
    expect([imported.summary.components.length, imported.incidents.incidents.length, imported.maintenances.scheduled_maintenances.length]).toEqual([4, 2, 3]);

    // Ids are the new Baken's own; everything else is the same.
    const components = (list: any[]) => list.map(({ id: _i, group_id, components: children, ...c }) => ({ ...c, group_id: group_id === null ? null : 'group', children: children?.length }));
    expect(components(imported.summary.components)).toStrictEqual(components(exported.summary.components));
    expect(imported.summary.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(imported.summary.status).toStrictEqual(exported.summary.status);
    const incident = (i: any) => ({
      ...i,
      id: undefined,
      shortlink: undefined,
      components: i.components.map((c: any) => c.name),
      incident_updates: i.incident_updates.map((u: any) => ({ ...u, id: undefined, incident_id: undefined, deliver_notifications: undefined, affected_components: u.affected_components?.map((a: any) => ({ ...a, code: undefined })) ?? null })),
    });
    expect(imported.incidents.incidents.map(incident)).toStrictEqual(exported.incidents.incidents.map(incident));
    expect(imported.maintenances.scheduled_maintenances.map(incident)).toStrictEqual(exported.maintenances.scheduled_maintenances.map(incident));
  });
});
