// The public JSON API in-process: Statuspage-compatible /api/v2/* and Baken's /api/uptime.json, each
// on its own small world with a fixed clock (2026-11-24 12:00 UTC, Europe/Amsterdam), asserting
// whole shapes and exact figures.
import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { maintenanceUpdates } from '../../db/schema.ts';
import { createApi } from '../../src/api/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createContext } from '../../src/services/kernel/context.ts';
import { pageId } from '../../src/api/public/statuspage/shape.ts';
import { isoInZone } from '../../src/domain/calendar.ts';
import { DAY, HOUR, makeGroup, makeIncident, makeMaintenance, makeService } from '../support/factories.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const MIN = 60_000;
// Statuspage writes instants in the page's zone with the offset.
const iso = (t: number) => isoInZone(t, 'Europe/Amsterdam');
const URL_ = 'http://localhost:4321';

function world() {
  const db = createDb(':memory:');
  const ctx = createContext({ db, config: loadConfig({}), clock: () => NOW });
  const app = createApi(ctx);
  const get = async (path: string): Promise<{ status: number; headers: Headers; body: any }> => {
    const res = await app.request(path);
    return { status: res.status, headers: res.headers, body: await res.json() };
  };
  return { db, get };
}

/** Hosting (group 1): Webhosting (1), Mail (2); ungrouped Staging (3), not SLA-covered. */
function catalogue(db: Db) {
  const hosting = makeGroup(db, 'Hosting');
  const web = makeService(db, { slug: 'web', name: 'Webhosting', groupId: hosting, position: 0, startDate: Date.parse('2026-08-01T00:00:00Z'), description: 'Shared hosting' });
  const mail = makeService(db, { slug: 'mail', name: 'Mail', groupId: hosting, position: 1, startDate: Date.parse('2026-09-15T21:30:00Z') });
  const staging = makeService(db, { slug: 'staging', name: 'Staging', slaCovered: false, startDate: Date.parse('2026-10-01T00:00:00Z') });
  return { hosting, web, mail, staging };
}

const PAGE_KEYS = ['id', 'name', 'url', 'time_zone', 'updated_at'];
const COMPONENT_KEYS = ['id', 'name', 'status', 'created_at', 'updated_at', 'position', 'description', 'showcase', 'start_date', 'group_id', 'page_id', 'group', 'only_show_if_degraded'];
const INCIDENT_KEYS = ['id', 'name', 'status', 'impact', 'created_at', 'updated_at', 'monitoring_at', 'resolved_at', 'started_at', 'shortlink', 'page_id', 'incident_updates', 'components'];
const MAINTENANCE_KEYS = [...INCIDENT_KEYS, 'scheduled_for', 'scheduled_until'];
const UPDATE_KEYS = ['id', 'status', 'body', 'incident_id', 'created_at', 'updated_at', 'display_at', 'affected_components', 'deliver_notifications', 'custom_tweet', 'tweet_id'];
const sorted = (keys: string[]) => [...keys].sort();

/** `changedAt`: when its status last changed (Statuspage moves updated_at with the status). */
function webComponent(status: string, changedAt?: number) {
  return {
    id: '1',
    name: 'Webhosting',
    status,
    created_at: '2026-08-01T02:00:00.000+02:00',
    updated_at: changedAt === undefined ? '2026-08-01T02:00:00.000+02:00' : iso(changedAt),
    // One 1-based sequence over the list: Hosting 1, Webhosting 2, Mail 3, Staging 4.
    position: 2,
    description: 'Shared hosting',
    showcase: true,
    start_date: '2026-08-01',
    group_id: 'group-1',
    page_id: 'sensey',
    group: false,
    only_show_if_degraded: false,
  };
}

function mailComponent(status: string, changedAt?: number) {
  return {
    id: '2',
    name: 'Mail',
    status,
    created_at: '2026-09-15T23:30:00.000+02:00',
    updated_at: changedAt === undefined ? '2026-09-15T23:30:00.000+02:00' : iso(changedAt),
    position: 3,
    description: null,
    showcase: true,
    // 21:30 UTC is 23:30 CEST: still the 15th in Amsterdam.
    start_date: '2026-09-15',
    group_id: 'group-1',
    page_id: 'sensey',
    group: false,
    only_show_if_degraded: false,
  };
}

describe('page and status', () => {
  it('(a) no incidents: none / All Systems Operational; page with a stable id and null updated_at on an empty page', async () => {
    const w = world();
    const empty = await w.get('/api/v2/status.json');
    expect(empty.status).toBe(200);
    expect(empty.body).toStrictEqual({
      page: { id: 'sensey', name: 'Sensey', url: URL_, time_zone: 'Europe/Amsterdam', updated_at: null },
      status: { indicator: 'none', description: 'All Systems Operational' },
    });

    catalogue(w.db);
    const body = (await w.get('/api/v2/status.json')).body;
    expect(sorted(Object.keys(body.page))).toEqual(sorted(PAGE_KEYS));
    // The last change to any public record: the newest service start (Staging, 2026-10-01).
    expect(body.page.updated_at).toBe('2026-10-01T02:00:00.000+02:00');
    expect(body.status).toStrictEqual({ indicator: 'none', description: 'All Systems Operational' });
  });

  it('(b) one partial_outage → major: the impact level of the incident behind it (issue 13)', async () => {
    const w = world();
    const { mail } = catalogue(w.db);
    makeIncident(w.db, { startedAt: NOW - HOUR, impacts: [{ serviceId: mail, impact: 'partial_outage', start: NOW - HOUR, end: null }] });
    expect((await w.get('/api/v2/status.json')).body.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('(c) a major_outage of one of two covered services → major', async () => {
    const w = world();
    const { web } = catalogue(w.db);
    makeIncident(w.db, { startedAt: NOW - HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: NOW - HOUR, end: null }] });
    expect((await w.get('/api/v2/status.json')).body.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('(d) every covered service in major outage → critical (the uncovered Staging does not count)', async () => {
    const w = world();
    const { web, mail } = catalogue(w.db);
    makeIncident(w.db, {
      startedAt: NOW - HOUR,
      impacts: [
        { serviceId: web, impact: 'major_outage', start: NOW - HOUR, end: null },
        { serviceId: mail, impact: 'major_outage', start: NOW - HOUR, end: null },
      ],
    });
    // Staging (uncovered) still runs: a major outage of the service, not of the whole system.
    expect((await w.get('/api/v2/status.json')).body.status).toStrictEqual({ indicator: 'critical', description: 'Major Service Outage' });
  });

  it('an ended outage no longer counts: back to none', async () => {
    const w = world();
    const { web } = catalogue(w.db);
    makeIncident(w.db, { startedAt: NOW - 2 * HOUR, resolvedAt: NOW - HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: NOW - 2 * HOUR, end: NOW - HOUR }] });
    expect((await w.get('/api/v2/status.json')).body.status.indicator).toBe('none');
  });

  it('derives the page id from the page name: lowercase ASCII words joined by hyphens', () => {
    expect(pageId('Sensey')).toBe('sensey');
    expect(pageId('  Café Zürich — Status ')).toBe('cafe-zurich-status');
    expect(pageId('状态')).toBe('page');
  });

  it('answers with JSON, a CDN-friendly Cache-Control and a permissive CORS header', async () => {
    const w = world();
    const res = await w.get('/api/v2/status.json');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.headers.get('cache-control')).toBe('public, max-age=10, stale-while-revalidate=60, stale-if-error=86400');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('components.json', () => {
  it('lists groups as components with their children, then the services, with exact fields', async () => {
    const w = world();
    const { web } = catalogue(w.db);
    makeIncident(w.db, { startedAt: NOW - HOUR, impacts: [{ serviceId: web, impact: 'degraded_performance', start: NOW - HOUR, end: null }] });
    const res = await w.get('/api/v2/components.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['page', 'components']);
    expect(res.body.components).toStrictEqual([
      {
        id: 'group-1',
        name: 'Hosting',
        status: 'degraded_performance',
        created_at: '1970-01-01T01:00:00.000+01:00',
        // The group's status moved with Webhosting's.
        updated_at: iso(NOW - HOUR),
        position: 1,
        description: null,
        showcase: false,
        start_date: null,
        group_id: null,
        page_id: 'sensey',
        group: true,
        only_show_if_degraded: false,
        components: ['1', '2'],
      },
      webComponent('degraded_performance', NOW - HOUR),
      mailComponent('operational'),
      {
        id: '3',
        name: 'Staging',
        status: 'operational',
        created_at: '2026-10-01T02:00:00.000+02:00',
        updated_at: '2026-10-01T02:00:00.000+02:00',
        position: 4,
        description: null,
        showcase: true,
        start_date: '2026-10-01',
        group_id: null,
        page_id: 'sensey',
        group: false,
        only_show_if_degraded: false,
      },
    ]);
  });

  it('shows under_maintenance during a window in progress, but an incident impact wins over maintenance', async () => {
    const w = world();
    const { web, mail, staging } = catalogue(w.db);
    makeMaintenance(w.db, { serviceIds: [mail, staging], scheduledStart: NOW - HOUR, scheduledEnd: NOW + HOUR, announcedAt: NOW - 3 * DAY, status: 'in_progress', actualStart: NOW - HOUR });
    makeIncident(w.db, { startedAt: NOW - 30 * MIN, impacts: [{ serviceId: staging, impact: 'partial_outage', start: NOW - 30 * MIN, end: null }] });
    // A window that has not started yet changes nothing.
    makeMaintenance(w.db, { serviceIds: [web], scheduledStart: NOW + HOUR, scheduledEnd: NOW + 2 * HOUR, announcedAt: NOW - 3 * DAY });
    const components = (await w.get('/api/v2/components.json')).body.components;
    expect(components.map((c: any) => [c.id, c.status])).toEqual([
      ['group-1', 'under_maintenance'],
      ['1', 'operational'],
      ['2', 'under_maintenance'],
      ['3', 'partial_outage'],
    ]);
    for (const c of components) {
      expect(sorted(Object.keys(c))).toEqual(sorted(c.group ? [...COMPONENT_KEYS, 'components'] : COMPONENT_KEYS));
      expect(['operational', 'degraded_performance', 'partial_outage', 'major_outage', 'under_maintenance']).toContain(c.status);
    }
    // Maintenance alone is not an incident; the partial outage on Staging is (impact major).
    expect((await w.get('/api/v2/status.json')).body.status.indicator).toBe('major');
  });

  it('leaves archived services out', async () => {
    const w = world();
    catalogue(w.db);
    makeService(w.db, { slug: 'old', name: 'Old', archivedAt: NOW - DAY });
    expect((await w.get('/api/v2/components.json')).body.components.map((c: any) => c.id)).toEqual(['group-1', '1', '2', '3']);
  });
});

describe('incidents', () => {
  /** A: degraded on Webhosting (open); B: major on Mail, resolved 5 days ago; C: partial on Mail (monitoring). */
  function incidentWorld() {
    const w = world();
    const s = catalogue(w.db);
    const a = makeIncident(w.db, {
      title: 'Slow control panel',
      severity: 'medium',
      status: 'identified',
      startedAt: NOW - 2 * HOUR,
      createdAt: NOW - 110 * MIN,
      impacts: [{ serviceId: s.web, impact: 'degraded_performance', start: NOW - 2 * HOUR, end: null }],
      updates: [
        { status: 'investigating', body: 'We are **investigating**.', at: NOW - 110 * MIN },
        { status: 'identified', body: 'A slow disk.', at: NOW - HOUR },
      ],
    });
    const b = makeIncident(w.db, {
      title: 'Mail down',
      severity: 'critical',
      startedAt: NOW - 5 * DAY,
      monitoringAt: NOW - 5 * DAY + 30 * MIN,
      resolvedAt: NOW - 5 * DAY + HOUR,
      impacts: [{ serviceId: s.mail, impact: 'major_outage', start: NOW - 5 * DAY, end: NOW - 5 * DAY + HOUR }],
    });
    const c = makeIncident(w.db, {
      title: 'Mail delays',
      status: 'monitoring',
      startedAt: NOW - 30 * MIN,
      monitoringAt: NOW - 10 * MIN,
      impacts: [{ serviceId: s.mail, impact: 'partial_outage', start: NOW - 30 * MIN, end: null }],
    });
    return { ...w, ...s, a, b, c };
  }

  it('incidents.json: newest first, exact fields, impact degraded → minor, partial → major, major → critical', async () => {
    const w = incidentWorld();
    const res = await w.get('/api/v2/incidents.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['page', 'incidents']);
    expect(res.body.incidents.map((i: any) => [i.id, i.status, i.impact])).toEqual([
      [String(w.c), 'monitoring', 'major'],
      [String(w.a), 'identified', 'minor'],
      [String(w.b), 'resolved', 'critical'],
    ]);
    for (const i of res.body.incidents) {
      expect(sorted(Object.keys(i))).toEqual(sorted(INCIDENT_KEYS));
      for (const u of i.incident_updates) expect(sorted(Object.keys(u))).toEqual(sorted(UPDATE_KEYS));
    }
    expect(res.body.incidents[1]).toStrictEqual({
      id: '1',
      name: 'Slow control panel',
      status: 'identified',
      impact: 'minor',
      created_at: iso(NOW - 110 * MIN),
      updated_at: iso(NOW - 110 * MIN),
      monitoring_at: null,
      resolved_at: null,
      started_at: '2026-11-24T11:00:00.000+01:00',
      shortlink: `${URL_}/incidents/1`,
      page_id: 'sensey',
      // Latest first, as Statuspage does; the body is the markdown as written.
      incident_updates: [
        // Changed no component: null, as Statuspage.
        { id: '2', status: 'identified', body: 'A slow disk.', incident_id: '1', created_at: '2026-11-24T12:00:00.000+01:00', updated_at: '2026-11-24T12:00:00.000+01:00', display_at: '2026-11-24T12:00:00.000+01:00', affected_components: null, deliver_notifications: true, custom_tweet: null, tweet_id: null },
        // The first update put the impact in force (from the backdated start).
        {
          id: '1',
          status: 'investigating',
          body: 'We are **investigating**.',
          incident_id: '1',
          created_at: '2026-11-24T11:10:00.000+01:00',
          updated_at: '2026-11-24T11:10:00.000+01:00',
          display_at: '2026-11-24T11:10:00.000+01:00',
          affected_components: [{ code: '1', name: 'Webhosting', old_status: 'operational', new_status: 'degraded_performance' }],
          deliver_notifications: true,
          custom_tweet: null,
          tweet_id: null,
        },
      ],
      components: [webComponent('degraded_performance', NOW - 2 * HOUR)],
    });
    const resolved = res.body.incidents[2];
    expect([resolved.started_at, resolved.monitoring_at, resolved.resolved_at]).toEqual(['2026-11-19T13:00:00.000+01:00', '2026-11-19T13:30:00.000+01:00', '2026-11-19T14:00:00.000+01:00']);
    // Affected components carry their status now (Mail is in a partial outage from incident C).
    expect(resolved.components).toStrictEqual([mailComponent('partial_outage', NOW - 30 * MIN)]);
  });

  it('unresolved.json lists only the open incidents', async () => {
    const w = incidentWorld();
    const res = await w.get('/api/v2/incidents/unresolved.json');
    expect(res.status).toBe(200);
    expect(res.body.incidents.map((i: any) => i.id)).toEqual([String(w.c), String(w.a)]);
    expect(res.body.incidents.every((i: any) => i.resolved_at === null && i.status !== 'resolved')).toBe(true);
  });

  it('incidents.json stops at the 50 most recent', async () => {
    const w = world();
    const { web } = catalogue(w.db);
    for (let i = 0; i < 55; i++) makeIncident(w.db, { startedAt: NOW - (i + 1) * HOUR, resolvedAt: NOW - (i + 1) * HOUR + MIN, impacts: [{ serviceId: web, impact: 'partial_outage', start: NOW - (i + 1) * HOUR, end: NOW - (i + 1) * HOUR + MIN }] });
    const ids = (await w.get('/api/v2/incidents.json')).body.incidents.map((i: any) => Number(i.id));
    expect(ids).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

describe('scheduled maintenances', () => {
  /** 1 upcoming (Webhosting), 2 in progress (Mail), 3 completed, 4 cancelled, 5 verifying (Staging). */
  function maintenanceWorld() {
    const w = world();
    const s = catalogue(w.db);
    makeMaintenance(w.db, { title: 'Kernel upgrade', body: 'Reboots.', serviceIds: [s.web], scheduledStart: NOW + 3 * DAY, scheduledEnd: NOW + 3 * DAY + 2 * HOUR, announcedAt: NOW - DAY });
    makeMaintenance(w.db, { title: 'Mail move', serviceIds: [s.mail], scheduledStart: NOW - HOUR, scheduledEnd: NOW + HOUR, announcedAt: NOW - 3 * DAY, status: 'in_progress', actualStart: NOW - HOUR });
    makeMaintenance(w.db, { title: 'Old work', serviceIds: [s.web], scheduledStart: NOW - 10 * DAY, scheduledEnd: NOW - 10 * DAY + 2 * HOUR, announcedAt: NOW - 13 * DAY, status: 'completed', actualStart: NOW - 10 * DAY, actualEnd: NOW - 10 * DAY + 90 * MIN });
    const cancelled = makeMaintenance(w.db, { title: 'Called off', serviceIds: [s.web], scheduledStart: NOW - 3 * DAY, scheduledEnd: NOW - 3 * DAY + HOUR, announcedAt: NOW - 6 * DAY, status: 'cancelled' });
    w.db.insert(maintenanceUpdates).values({ maintenanceId: cancelled, status: 'cancelled', body: 'Not needed after all.', createdAt: NOW - 4 * DAY }).run();
    makeMaintenance(w.db, { title: 'Staging rebuild', serviceIds: [s.staging], scheduledStart: NOW - 2 * HOUR, scheduledEnd: NOW + 2 * HOUR, announcedAt: NOW - 3 * DAY, status: 'verifying', actualStart: NOW - 2 * HOUR });
    return w;
  }

  it('upcoming.json lists only scheduled windows, with exact fields', async () => {
    const w = maintenanceWorld();
    const res = await w.get('/api/v2/scheduled-maintenances/upcoming.json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['page', 'scheduled_maintenances']);
    expect(res.body.scheduled_maintenances).toStrictEqual([
      {
        id: '1',
        name: 'Kernel upgrade',
        status: 'scheduled',
        impact: 'maintenance',
        created_at: '2026-11-23T13:00:00.000+01:00',
        updated_at: '2026-11-23T13:00:00.000+01:00',
        monitoring_at: null,
        resolved_at: null,
        started_at: null,
        shortlink: `${URL_}/maintenance/1`,
        page_id: 'sensey',
        scheduled_for: '2026-11-27T13:00:00.000+01:00',
        scheduled_until: '2026-11-27T15:00:00.000+01:00',
        incident_updates: [
          { id: '1', status: 'scheduled', body: 'Reboots.', incident_id: '1', created_at: '2026-11-23T13:00:00.000+01:00', updated_at: '2026-11-23T13:00:00.000+01:00', display_at: '2026-11-23T13:00:00.000+01:00', affected_components: null, deliver_notifications: true, custom_tweet: null, tweet_id: null },
        ],
        // Webhosting's status last changed when the old work ended.
        components: [webComponent('operational', NOW - 10 * DAY + 90 * MIN)],
      },
    ]);
  });

  it('active.json lists in_progress and verifying windows in scheduled order', async () => {
    const w = maintenanceWorld();
    const list = (await w.get('/api/v2/scheduled-maintenances/active.json')).body.scheduled_maintenances;
    expect(list.map((m: any) => [m.id, m.status, m.started_at, m.resolved_at])).toEqual([
      ['5', 'verifying', '2026-11-24T11:00:00.000+01:00', null],
      ['2', 'in_progress', '2026-11-24T12:00:00.000+01:00', null],
    ]);
    expect(list[1].components).toStrictEqual([mailComponent('under_maintenance', NOW - HOUR)]);
  });

  it('scheduled-maintenances.json lists every window newest first; cancelled is reported as completed', async () => {
    const w = maintenanceWorld();
    const list = (await w.get('/api/v2/scheduled-maintenances.json')).body.scheduled_maintenances;
    expect(list.map((m: any) => [m.id, m.status, m.resolved_at])).toEqual([
      ['1', 'scheduled', null],
      ['2', 'in_progress', null],
      ['5', 'verifying', null],
      ['4', 'completed', null],
      ['3', 'completed', '2026-11-14T14:30:00.000+01:00'],
    ]);
    for (const m of list) {
      expect(sorted(Object.keys(m))).toEqual(sorted(MAINTENANCE_KEYS));
      expect(['scheduled', 'in_progress', 'verifying', 'completed']).toContain(m.status);
      expect(m.impact).toBe('maintenance');
      expect(m.monitoring_at).toBeNull();
    }
    const called = list.find((m: any) => m.id === '4');
    expect(called.incident_updates.map((u: any) => [u.status, u.body])).toEqual([
      ['completed', 'Not needed after all.'],
      ['scheduled', 'Planned work.'],
    ]);
  });

  it('summary.json: page, status, components, unresolved incidents, active then upcoming maintenances', async () => {
    const w = maintenanceWorld();
    const db = w.db;
    makeIncident(db, { title: 'Open', startedAt: NOW - HOUR, impacts: [{ serviceId: 1, impact: 'major_outage', start: NOW - HOUR, end: null }] });
    makeIncident(db, { title: 'Closed', startedAt: NOW - 3 * HOUR, resolvedAt: NOW - 2 * HOUR, impacts: [{ serviceId: 1, impact: 'major_outage', start: NOW - 3 * HOUR, end: NOW - 2 * HOUR }] });
    const res = await w.get('/api/v2/summary.json');
    expect(res.status).toBe(200);
    expect(sorted(Object.keys(res.body))).toEqual(['components', 'incidents', 'page', 'scheduled_maintenances', 'status']);
    expect(res.body.page).toStrictEqual({ id: 'sensey', name: 'Sensey', url: URL_, time_zone: 'Europe/Amsterdam', updated_at: '2026-11-24T12:00:00.000+01:00' });
    // Webhosting major, Mail under maintenance: one of two covered services down → major.
    expect(res.body.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(res.body.components.map((c: any) => [c.id, c.status])).toEqual([
      ['group-1', 'major_outage'],
      ['1', 'major_outage'],
      ['2', 'under_maintenance'],
      ['3', 'under_maintenance'],
    ]);
    expect(res.body.incidents.map((i: any) => [i.name, i.impact])).toEqual([['Open', 'critical']]);
    expect(res.body.scheduled_maintenances.map((m: any) => [m.id, m.status])).toEqual([
      ['5', 'verifying'],
      ['2', 'in_progress'],
      ['1', 'scheduled'],
    ]);
  });
});

describe('uptime.json', () => {
  // Window of 90 days: 2026-08-27 … 2026-11-24 in Amsterdam, from 2026-08-26T22:00Z (CEST) to now.
  // It holds the 25-hour day 2026-10-25 (CEST → CET). Webhosting (created before the window) had a
  // 2-hour major outage on that day and a 2-hour partial outage on 2026-11-10; Mail started
  // 2026-11-20 at 12:00 UTC.
  function uptimeWorld() {
    const w = world();
    const web = makeService(w.db, { slug: 'web', name: 'Webhosting', startDate: Date.parse('2026-08-01T00:00:00Z') });
    const mail = makeService(w.db, { slug: 'mail', name: 'Mail', startDate: Date.parse('2026-11-20T12:00:00Z') });
    const major = makeIncident(w.db, { startedAt: Date.parse('2026-10-25T00:00:00Z'), resolvedAt: Date.parse('2026-10-25T02:00:00Z'), impacts: [{ serviceId: web, impact: 'major_outage', start: Date.parse('2026-10-25T00:00:00Z'), end: Date.parse('2026-10-25T02:00:00Z') }] });
    const partial = makeIncident(w.db, { startedAt: Date.parse('2026-11-10T10:00:00Z'), resolvedAt: Date.parse('2026-11-10T12:00:00Z'), impacts: [{ serviceId: web, impact: 'partial_outage', start: Date.parse('2026-11-10T10:00:00Z'), end: Date.parse('2026-11-10T12:00:00Z') }] });
    return { ...w, web, mail, major, partial };
  }

  it('defaults to 90 days and gives the engine’s unrounded figures, 25-hour day included', async () => {
    const w = uptimeWorld();
    const res = await w.get('/api/uptime.json');
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const body = res.body;
    expect(sorted(Object.keys(body))).toEqual(['days', 'from', 'services', 'timeZone', 'to']);
    expect([body.timeZone, body.days, body.from, body.to]).toEqual(['Europe/Amsterdam', 90, '2026-08-26T22:00:00.000Z', '2026-11-24T12:00:00.000Z']);

    const web = body.services[0];
    expect([web.id, web.slug, web.name]).toEqual([w.web, 'web', 'Webhosting']);
    expect(web.days).toHaveLength(90);
    expect(web.days[0].date).toBe('2026-08-27');
    expect(web.days.at(-1).date).toBe('2026-11-24');
    for (const d of web.days) expect(sorted(Object.keys(d))).toEqual(['date', 'downtimeSeconds', 'incidentIds', 'maintenanceIds', 'observedSeconds', 'uptimePercent', 'worstStatus']);

    const day = (date: string) => web.days.find((d: any) => d.date === date);
    // 25 h = 90 000 s observed; 2 h of major outage (weight 1) = 7 200 s.
    expect(day('2026-10-25')).toStrictEqual({ date: '2026-10-25', uptimePercent: 92, observedSeconds: 90_000, downtimeSeconds: 7_200, worstStatus: 'major_outage', incidentIds: [w.major], maintenanceIds: [] });
    // 2 h of partial outage (weight 0.3) = 2 160 s of 86 400.
    expect(day('2026-11-10')).toStrictEqual({ date: '2026-11-10', uptimePercent: 97.5, observedSeconds: 86_400, downtimeSeconds: 2_160, worstStatus: 'partial_outage', incidentIds: [w.partial], maintenanceIds: [] });
    expect(day('2026-10-26')).toStrictEqual({ date: '2026-10-26', uptimePercent: 100, observedSeconds: 86_400, downtimeSeconds: 0, worstStatus: 'operational', incidentIds: [], maintenanceIds: [] });
    // Today until noon UTC: 00:00 CET = 23:00 UTC yesterday, so 13 h.
    expect(day('2026-11-24').observedSeconds).toBe(46_800);

    // 89 whole days (one of 25 h) + 13 h today = 7 740 000 s.
    expect(web.observedSeconds).toBe(7_740_000);
    expect(web.downtimeSeconds).toBe(9_360);
    expect(web.uptimePercent).toBe((1 - 9_360 / 7_740_000) * 100);

    // Mail exists from 2026-11-20 12:00 UTC (13:00 CET): days before are "no data".
    const mail = body.services[1];
    expect(mail.days.filter((d: any) => d.uptimePercent === null)).toHaveLength(85);
    expect(mail.days.find((d: any) => d.date === '2026-11-20')).toMatchObject({ uptimePercent: 100, observedSeconds: 11 * 3600, downtimeSeconds: 0 });
    expect([mail.observedSeconds, mail.downtimeSeconds, mail.uptimePercent]).toEqual([4 * 86_400, 0, 100]);
  });

  it('days=1 is today only; unknown parameters are ignored', async () => {
    const w = uptimeWorld();
    const body = (await w.get('/api/uptime.json?days=1&foo=bar')).body;
    expect([body.days, body.from, body.to]).toEqual([1, '2026-11-23T23:00:00.000Z', '2026-11-24T12:00:00.000Z']);
    expect(body.services[0].days).toStrictEqual([{ date: '2026-11-24', uptimePercent: 100, observedSeconds: 46_800, downtimeSeconds: 0, worstStatus: 'operational', incidentIds: [], maintenanceIds: [] }]);
    expect((await w.get('/api/uptime.json?days=90')).body.services[0].days).toHaveLength(90);
  });

  it.each(['0', '91', 'abc', '1.5', '-3', '', '1e1'])('days=%s → 400 invalid_request naming the parameter', async (days) => {
    const w = uptimeWorld();
    const res = await w.get(`/api/uptime.json?days=${days}`);
    expect(res.status).toBe(400);
    expect(Object.keys(res.body)).toEqual(['error']);
    expect(res.body.error).toMatchObject({ code: 'invalid_request', message: expect.any(String) });
    expect(res.body.error.details).toEqual([expect.objectContaining({ path: 'days', message: expect.any(String) })]);
  });
});

describe('unknown endpoints', () => {
  it('/api/v2/nope.json → 404 JSON error shape', async () => {
    const w = world();
    const res = await w.get('/api/v2/nope.json');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(res.body).toStrictEqual({ error: { code: 'not_found', message: 'No such endpoint: GET /api/v2/nope.json' } });
  });
});
