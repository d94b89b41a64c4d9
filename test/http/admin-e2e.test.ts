// A whole incident and a maintenance window, run through the admin API over real HTTP against the
// real built server, checking the public page, summary.json and uptime.json at every step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const TOKEN = 'e2e-admin-token-0123456789abcdefghij';
let server: RunningServer;

async function admin(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

async function json(path: string): Promise<any> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

async function page(path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

async function componentStatus(slug: string): Promise<string> {
  const summary = await json('/api/v2/summary.json');
  return summary.components.find((c: any) => c.name === slug).status;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  const path = tempDbPath('e2e');
  createDb(path).$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN } });
});
afterAll(() => server?.stop());

describe('an incident from first post to published report', () => {
  it('shows every step on the public page, summary.json and uptime.json', async () => {
    const created = await admin('POST', '/services', { name: 'Webhosting', slug: 'webhosting', group: 'Hosting', startDate: new Date(Date.now() - 10 * 86_400_000).toISOString() });
    expect(created.status).toBe(201);
    expect(await componentStatus('Webhosting')).toBe('operational');

    const inc = await admin('POST', '/incidents', { title: 'Webmail unreachable', severity: 'critical', message: 'We are **investigating**.', services: [{ service: 'webhosting', impact: 'major_outage' }] });
    expect(inc.status).toBe(201);
    const id = inc.body.id;
    expect(await componentStatus('Webhosting')).toBe('major_outage');
    expect((await json('/api/v2/status.json')).status.indicator).toBe('critical');
    expect((await json('/api/v2/incidents/unresolved.json')).incidents.map((i: any) => i.id)).toEqual([String(id)]);
    expect(await page('/en/')).toContain('Webmail unreachable');

    for (const status of ['identified', 'monitoring'] as const) {
      const upd = await admin('POST', `/incidents/${id}/updates`, { status, message: `Now ${status}.`, ...(status === 'monitoring' ? { services: [{ service: 'webhosting', impact: 'degraded_performance' }] } : {}) });
      expect(upd.status).toBe(201);
      expect((await json('/api/v2/incidents/unresolved.json')).incidents[0].status).toBe(status);
    }
    expect(await componentStatus('Webhosting')).toBe('degraded_performance');
    expect((await json('/api/v2/status.json')).status.indicator).toBe('minor');

    const resolved = await admin('POST', `/incidents/${id}/updates`, { status: 'resolved', message: 'Fixed.' });
    expect(resolved.status).toBe(201);
    expect(await componentStatus('Webhosting')).toBe('operational');
    expect((await json('/api/v2/status.json')).status.indicator).toBe('none');
    expect((await json('/api/v2/incidents/unresolved.json')).incidents).toEqual([]);
    expect(resolved.body.reportState).toBe('pending');

    // uptime.json reflects the impact history exactly: major 1, degraded 0.
    const detail = (await admin('GET', `/incidents/${id}`)).body;
    const major = detail.impacts.find((i: any) => i.impact === 'major_outage');
    const expectedDowntime = (Date.parse(major.endAt) - Date.parse(major.startAt)) / 1000;
    const uptime = await json('/api/uptime.json?days=2');
    const days = uptime.services.find((s: any) => s.slug === 'webhosting').days;
    const withIncident = days.filter((d: any) => d.incidentIds.includes(id));
    expect(withIncident.length).toBeGreaterThanOrEqual(1);
    expect(days.reduce((sum: number, d: any) => sum + d.downtimeSeconds, 0)).toBeCloseTo(expectedDowntime, 6);
    expect(withIncident.at(-1).worstStatus).toBe('major_outage');

    expect((await admin('PUT', `/incidents/${id}/report`, { body: '## What happened\nA disk filled up.' })).status).toBe(200);
    const published = await admin('POST', `/incidents/${id}/report/publish`, {});
    expect(published.status).toBe(200);
    expect(published.body.reportState).toBe('published_on_time');
    const incidentPage = await page(`/en/incidents/${id}`);
    expect(incidentPage).toContain('A disk filled up.');
    expect(incidentPage).toContain('Fixed.');
  });
});

describe('a maintenance window with automatic transitions', () => {
  it('starts and completes by itself, and the public side follows', async () => {
    const start = Date.now() + 2_500;
    const created = await admin('POST', '/maintenances', {
      title: 'Storage firmware upgrade',
      message: 'Short interruptions possible.',
      services: ['webhosting'],
      scheduledStart: new Date(start).toISOString(),
      scheduledEnd: new Date(start + 3_000).toISOString(),
    });
    expect(created.status).toBe(201);
    expect(created.body.noticeRuleMet).toBe(false);
    expect(created.body.warning.code).toBe('short_notice');
    const id = created.body.id;
    expect((await json('/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances.map((m: any) => m.id)).toEqual([String(id)]);

    await waitFor('in_progress', async () => ((await admin('GET', `/maintenances/${id}`)).body.status === 'in_progress' ? true : undefined));
    expect(await componentStatus('Webhosting')).toBe('under_maintenance');
    expect((await json('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances.map((m: any) => m.id)).toEqual([String(id)]);
    expect(await page('/en/')).toContain('Storage firmware upgrade');

    const done = await waitFor('completed', async () => {
      const m = (await admin('GET', `/maintenances/${id}`)).body;
      return m.status === 'completed' ? m : undefined;
    });
    expect(done.actualStart).toBe(new Date(start).toISOString());
    expect(done.actualEnd).toBe(new Date(start + 3_000).toISOString());
    expect(await componentStatus('Webhosting')).toBe('operational');
    expect((await json('/api/v2/scheduled-maintenances/active.json')).scheduled_maintenances).toEqual([]);
    const today = (await json('/api/uptime.json?days=1')).services.find((s: any) => s.slug === 'webhosting').days[0];
    // Maintenance weighs 0: the day's downtime is only the incident's major outage (if it was today).
    expect(today.worstStatus === 'major_outage' || today.worstStatus === 'under_maintenance').toBe(true);
  }, 30_000);
});
