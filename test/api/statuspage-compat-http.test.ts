// Statuspage compatibility over real HTTP against the built server: every /api/v2 answer checked
// field by field against Statuspage's documented types (test/support/statuspage-schema.ts), the
// values Statuspage would give for a known page, the single-record endpoints, and the genuine
// `statuspage.io` npm client (3.3.8) pointed at Baken with its setApiUrl().
import { Statuspage } from 'statuspage.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isoInZone } from '../../src/domain/calendar.ts';
import { HOUR } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { SP_ENDPOINTS, spSingleComponent, spSingleIncident } from '../support/statuspage-schema.ts';
import { buildStatuspageWorld, type SpWorld } from '../support/statuspage-world.ts';

const NOW = Date.now();
const MIN = 60_000;

describe('Statuspage v2 over HTTP', () => {
  let server: RunningServer;
  let world: SpWorld;
  let zone: string;
  const at = (t: number) => isoInZone(t, zone);
  const get = async (path: string) => {
    const res = await fetch(`${server.url}${path}`, { headers: { origin: 'https://widgets.example' } });
    return { res, body: (await res.json()) as any };
  };

  beforeAll(async () => {
    const path = tempDbPath('statuspage');
    world = buildStatuspageWorld(path, NOW);
    server = await startServer({ databasePath: path });
    zone = (await get('/api/v2/status.json')).body.page.time_zone;
  });
  afterAll(() => server?.stop());

  for (const [path, schema] of Object.entries(SP_ENDPOINTS)) {
    it(`${path}: 200, readable cross-origin, every field of Statuspage's type and no other`, async () => {
      const { res, body } = await get(path);
      expect(res.status).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      const parsed = schema.safeParse(body);
      expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
    });
  }

  it('status: the worst component is a partial outage → major, "Partial System Outage" (issue 13: partial outage rolls up to major)', async () => {
    expect((await get('/api/v2/status.json')).body.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
  });

  it('components: one 1-based position sequence, groups list their children, updated_at moves with the status', async () => {
    const { body } = await get('/api/v2/components.json');
    expect(body.components.map((c: any) => [c.id, c.position, c.group, c.group_id, c.status, c.updated_at])).toEqual([
      // A group moves with the latest change of any of its components (Mail's, 30 minutes ago).
      ['group-1', 1, true, null, 'partial_outage', at(NOW - 30 * MIN)],
      [String(world.web), 2, false, 'group-1', 'partial_outage', at(NOW - HOUR)],
      [String(world.mail), 3, false, 'group-1', 'under_maintenance', at(NOW - 30 * MIN)],
      [String(world.staging), 4, false, null, 'under_maintenance', at(NOW - 2 * HOUR)],
    ]);
    expect(body.components[0].components).toEqual([String(world.web), String(world.mail)]);
    expect(body.components[1].description).toBe('Shared <hosting> & "mail"');
  });

  it('incident updates name the components they changed, old and new status; others null', async () => {
    const { body } = await get('/api/v2/incidents.json');
    const byId = new Map(body.incidents.map((i: any) => [i.id, i]));
    const open: any = byId.get(String(world.open));
    const web = { code: String(world.web), name: 'Webhosting' };
    expect(open.incident_updates.map((u: any) => [u.status, u.display_at, u.affected_components, u.deliver_notifications])).toEqual([
      ['identified', at(NOW - HOUR), [{ ...web, old_status: 'degraded_performance', new_status: 'partial_outage' }], true],
      ['investigating', at(NOW - 2 * HOUR), [{ ...web, old_status: 'operational', new_status: 'degraded_performance' }], true],
    ]);
    const resolved: any = byId.get(String(world.resolved));
    const staging = { code: String(world.staging), name: 'Staging' };
    expect(resolved.incident_updates.map((u: any) => [u.status, u.affected_components])).toEqual([
      ['resolved', [{ ...staging, old_status: 'major_outage', new_status: 'operational' }]],
      ['monitoring', null],
      ['investigating', [{ ...staging, old_status: 'operational', new_status: 'major_outage' }]],
    ]);
    expect(resolved.monitoring_at).toBe(at(NOW - 3 * 24 * HOUR + 30 * MIN));
  });

  it('maintenance: the automatic update has Statuspage\'s words, monitoring_at is when verifying began, work puts components under maintenance', async () => {
    const { body } = await get('/api/v2/scheduled-maintenances/active.json');
    const byId = new Map(body.scheduled_maintenances.map((m: any) => [m.id, m]));
    const moving: any = byId.get(String(world.inProgress));
    expect(moving.incident_updates.map((u: any) => [u.status, u.body, u.affected_components])).toEqual([
      ['in_progress', 'Scheduled maintenance is currently in progress. We will provide updates as necessary.', [{ code: String(world.mail), name: 'Mail', old_status: 'operational', new_status: 'under_maintenance' }]],
      ['scheduled', 'Moving mail.', null],
    ]);
    expect(moving.monitoring_at).toBeNull();
    const checking: any = byId.get(String(world.verifying));
    expect(checking.status).toBe('verifying');
    expect(checking.monitoring_at).toBe(at(NOW - 20 * MIN));
    expect(checking.incident_updates.map((u: any) => [u.status, u.affected_components === null])).toEqual([
      ['verifying', true],
      ['in_progress', false],
      ['scheduled', true],
    ]);
  });

  it('/incidents/<id>.json and /components/<id>.json answer one record; unknown or non-canonical ids are 404 in JSON', async () => {
    const list = (await get('/api/v2/incidents.json')).body.incidents;
    const one = await get(`/api/v2/incidents/${world.open}.json`);
    expect(one.res.status).toBe(200);
    expect(one.res.headers.get('access-control-allow-origin')).toBe('*');
    expect(spSingleIncident.parse(one.body).incident).toStrictEqual(list.find((i: any) => i.id === String(world.open)));
    // Served from the response cache the second time, like the other public answers.
    expect((await fetch(`${server.url}/api/v2/incidents/${world.open}.json`)).headers.get('x-cache')).toBe('HIT');

    const components = (await get('/api/v2/components.json')).body.components;
    for (const id of ['group-1', String(world.mail)]) {
      const c = await get(`/api/v2/components/${id}.json`);
      expect(c.res.status).toBe(200);
      expect(spSingleComponent.parse(c.body).component).toStrictEqual(components.find((x: any) => x.id === id));
    }
    for (const path of ['/api/v2/incidents/999.json', `/api/v2/incidents/0${world.open}.json`, '/api/v2/incidents/abc.json', '/api/v2/components/99.json', '/api/v2/components/group-9.json']) {
      const miss = await get(path);
      expect(miss.res.status, path).toBe(404);
      expect(miss.body.error.code, path).toBe('not_found');
    }
  });

  it('the statuspage.io client (3.3.8) reads every endpoint it knows from Baken', async () => {
    const client = new Statuspage('baken');
    client.setApiUrl(server.url);
    const summary = await client.api.getSummary();
    expect(summary.status).toStrictEqual({ indicator: 'major', description: 'Partial System Outage' });
    expect(summary.components.map((c) => c.name)).toEqual(['Hosting', 'Webhosting', 'Mail', 'Staging']);
    expect((await client.api.getStatus()).status.indicator).toBe('major');
    expect((await client.api.getComponents()).components).toHaveLength(4);
    expect((await client.api.incidents.getAll()).incidents.map((i) => i.id)).toEqual([String(world.open), String(world.resolved)]);
    expect((await client.api.incidents.getUnresolved()).incidents.map((i) => i.id)).toEqual([String(world.open)]);
    expect((await client.api.scheduledMaintenances.getUpcoming()).scheduled_maintenances.map((m) => m.id)).toEqual([String(world.upcoming)]);
    // The client's getAll() and getActive() both ask for upcoming.json too (dist/api/
    // ScheduledMaintenancesAPI.js calls Endpoint.ScheduledMaintenances.upcoming() in all three), so
    // they answer the upcoming windows; Baken's scheduled-maintenances.json and active.json are checked above.
    expect((await client.api.scheduledMaintenances.getAll()).scheduled_maintenances.map((m) => m.id)).toEqual([String(world.upcoming)]);
    expect((await client.api.scheduledMaintenances.getActive()).scheduled_maintenances.map((m) => m.id)).toEqual([String(world.upcoming)]);
  });
});

describe('Statuspage v2 over HTTP: maintenance only', () => {
  let server: RunningServer;
  beforeAll(async () => {
    const path = tempDbPath('statuspage-maint');
    buildStatuspageWorld(path, NOW, { incidents: false });
    server = await startServer({ databasePath: path });
  });
  afterAll(() => server?.stop());

  it('nothing worse than maintenance in progress → maintenance, "Service Under Maintenance"', async () => {
    const body = (await (await fetch(`${server.url}/api/v2/summary.json`)).json()) as any;
    expect(body.status).toStrictEqual({ indicator: 'maintenance', description: 'Service Under Maintenance' });
    expect(SP_ENDPOINTS['/api/v2/summary.json'].safeParse(body).success).toBe(true);
  });
});
