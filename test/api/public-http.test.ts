// The public JSON API over real HTTP against the built server, on a SQLite file prepared with the
// factories (and closed) before the server starts. Also checks that the server's response cache
// notices writes made by another connection (PRAGMA data_version).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { isoInZone } from '../../src/domain/calendar.ts';
import { DAY, HOUR, makeGroup, makeIncident, makeMaintenance, makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const T = Date.now();
const MIN = 60_000;

async function get(server: RunningServer, path: string): Promise<{ res: Response; body: any }> {
  const res = await fetch(`${server.url}${path}`);
  return { res, body: await res.json() };
}

/** 200, JSON, readable cross-origin, cacheable briefly by clients and CDNs. */
function expectPublicJson(res: Response): void {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(res.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=60, stale-if-error=86400');
}

describe('public JSON endpoints over HTTP', () => {
  let server: RunningServer;

  beforeAll(async () => {
    const path = tempDbPath('public-http');
    const db = createDb(path);
    const hosting = makeGroup(db, 'Hosting');
    const web = makeService(db, { slug: 'web', name: 'Webhosting', groupId: hosting, startDate: T - 30 * DAY });
    const mail = makeService(db, { slug: 'mail', name: 'Mail', groupId: hosting, position: 1, startDate: T - 30 * DAY });
    makeIncident(db, { title: 'Mail delays', startedAt: T - HOUR, impacts: [{ serviceId: mail, impact: 'partial_outage', start: T - HOUR, end: null }] });
    makeIncident(db, { title: 'Web down', startedAt: T - 2 * DAY, resolvedAt: T - 2 * DAY + HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: T - 2 * DAY, end: T - 2 * DAY + HOUR }] });
    makeMaintenance(db, { title: 'Kernel upgrade', serviceIds: [web], scheduledStart: T + 3 * DAY, scheduledEnd: T + 3 * DAY + HOUR, announcedAt: T - DAY });
    makeMaintenance(db, { title: 'Mail move', serviceIds: [mail], scheduledStart: T - 30 * MIN, scheduledEnd: T + 2 * HOUR, announcedAt: T - 3 * DAY, status: 'in_progress', actualStart: T - 30 * MIN });
    db.$client.close();
    server = await startServer({ databasePath: path });
  });
  afterAll(() => server?.stop());

  it('summary.json: page, status, components, unresolved incidents, active and upcoming maintenances', async () => {
    const { res, body } = await get(server, '/api/v2/summary.json');
    expectPublicJson(res);
    expect(body.page).toMatchObject({ id: 'sensey', name: 'Sensey', url: server.url, time_zone: 'Europe/Amsterdam' });
    // The open incident's impact is major (a partial outage): so is the page's (issue 13).
    expect(body.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(body.components.map((c: any) => [c.id, c.name, c.status, c.group])).toEqual([
      ['group-1', 'Hosting', 'partial_outage', true],
      ['1', 'Webhosting', 'operational', false],
      ['2', 'Mail', 'partial_outage', false],
    ]);
    expect(body.incidents.map((i: any) => [i.id, i.name, i.impact, i.shortlink])).toEqual([['1', 'Mail delays', 'major', `${server.url}/incidents/1`]]);
    expect(body.scheduled_maintenances.map((m: any) => [m.id, m.status])).toEqual([
      ['2', 'in_progress'],
      ['1', 'scheduled'],
    ]);
  });

  it('status.json and components.json', async () => {
    const status = await get(server, '/api/v2/status.json');
    expectPublicJson(status.res);
    expect(Object.keys(status.body)).toEqual(['page', 'status']);
    expect(status.body.status.indicator).toBe('major');

    const components = await get(server, '/api/v2/components.json');
    expectPublicJson(components.res);
    expect(components.body.components[0]).toMatchObject({ id: 'group-1', group: true, components: ['1', '2'] });
    expect(components.body.components[1]).toMatchObject({ id: '1', group: false, group_id: 'group-1', page_id: 'sensey', showcase: true, only_show_if_degraded: false });
  });

  it('incidents.json and incidents/unresolved.json', async () => {
    const all = await get(server, '/api/v2/incidents.json');
    expectPublicJson(all.res);
    expect(all.body.incidents.map((i: any) => [i.id, i.status, i.impact])).toEqual([
      ['1', 'investigating', 'major'],
      ['2', 'resolved', 'critical'],
    ]);
    // Statuspage writes instants in the page's zone, with its offset.
    expect(all.body.incidents[1].resolved_at).toBe(isoInZone(T - 2 * DAY + HOUR, 'Europe/Amsterdam'));

    const open = await get(server, '/api/v2/incidents/unresolved.json');
    expectPublicJson(open.res);
    expect(open.body.incidents.map((i: any) => i.id)).toEqual(['1']);
  });

  it('the three scheduled-maintenance endpoints', async () => {
    const all = await get(server, '/api/v2/scheduled-maintenances.json');
    expectPublicJson(all.res);
    expect(all.body.scheduled_maintenances.map((m: any) => [m.id, m.status, m.impact])).toEqual([
      ['1', 'scheduled', 'maintenance'],
      ['2', 'in_progress', 'maintenance'],
    ]);

    const upcoming = await get(server, '/api/v2/scheduled-maintenances/upcoming.json');
    expectPublicJson(upcoming.res);
    expect(upcoming.body.scheduled_maintenances.map((m: any) => [m.id, m.scheduled_for])).toEqual([['1', isoInZone(T + 3 * DAY, 'Europe/Amsterdam')]]);

    const active = await get(server, '/api/v2/scheduled-maintenances/active.json');
    expectPublicJson(active.res);
    expect(active.body.scheduled_maintenances.map((m: any) => [m.id, m.started_at])).toEqual([['2', isoInZone(T - 30 * MIN, 'Europe/Amsterdam')]]);
    expect(active.body.scheduled_maintenances[0].components.map((c: any) => [c.id, c.status])).toEqual([['2', 'partial_outage']]);
  });

  it('uptime.json: a day per date, and the resolved 1-hour major outage counts 3 600 s', async () => {
    const { res, body } = await get(server, '/api/uptime.json?days=7');
    expectPublicJson(res);
    expect(body.days).toBe(7);
    const web = body.services.find((s: any) => s.slug === 'web');
    expect(web.days).toHaveLength(7);
    expect(web.downtimeSeconds).toBe(3_600);
    expect([...new Set(web.days.flatMap((d: any) => d.incidentIds))]).toEqual([2]);

    const bad = await get(server, '/api/uptime.json?days=91');
    expect(bad.res.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_request', details: [expect.objectContaining({ path: 'days' })] });
  });

  it('/api/nope → 404 JSON error shape', async () => {
    const { res, body } = await get(server, '/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toStrictEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/nope' } });
  });
});

describe('response cache and writes from another connection', () => {
  let server: RunningServer;
  let path: string;
  let web: number;
  let mail: number;

  beforeAll(async () => {
    path = tempDbPath('public-http-write');
    const db = createDb(path);
    web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - DAY });
    mail = makeService(db, { slug: 'mail', name: 'Mail', startDate: T - DAY });
    db.$client.close();
    server = await startServer({ databasePath: path });
  });
  afterAll(() => server?.stop());

  it('serves status.json from the cache, then shows an incident inserted by another connection on the next request', async () => {
    const first = await get(server, '/api/v2/status.json');
    expect(first.body.status.indicator).toBe('none');
    const cached = await get(server, '/api/v2/status.json');
    // The second answer comes from the server's cache: without write detection it would stay stale.
    expect(cached.res.headers.get('x-cache')).toBe('HIT');
    expect(cached.body.status.indicator).toBe('none');

    const other = createDb(path);
    try {
      makeIncident(other, {
        startedAt: Date.now() - MIN,
        impacts: [
          { serviceId: web, impact: 'major_outage', start: Date.now() - MIN, end: null },
          { serviceId: mail, impact: 'major_outage', start: Date.now() - MIN, end: null },
        ],
      });
    } finally {
      other.$client.close();
    }
    // Other connections' commits are looked for every 50 ms.
    await new Promise((r) => setTimeout(r, 60));

    const after = await get(server, '/api/v2/status.json');
    expect(after.res.headers.get('x-cache')).toBe('MISS');
    expect(after.body.status).toStrictEqual({ indicator: 'critical', description: 'Major System Outage' });
  });
});
