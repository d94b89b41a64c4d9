// The admin API's incident JSON carries the response and resolution targets (met / breached /
// pending with the time left) computed at the server's clock, next to the report state.
// Times: a low-severity incident that began Friday 2026-10-09 16:30 CEST (14:30Z) and was posted
// Monday 2026-10-12 09:15 CEST (07:15Z).
import { describe, expect, it } from 'vitest';
import { adminWorld } from '../../support/admin.ts';

const POSTED = Date.parse('2026-10-12T07:15:00Z');

async function lowIncident() {
  const w = adminWorld(POSTED);
  await w.call('POST', '/api/admin/services', { name: 'Mail', slug: 'mail', startDate: '2026-09-01T00:00:00Z' });
  const created = await w.call('POST', '/api/admin/incidents', {
    title: 'Spam filter question',
    severity: 'low',
    message: 'Looking into it.',
    services: [{ service: 'mail', impact: 'degraded_performance' }],
    startedAt: '2026-10-09T14:30:00Z',
    notify: false,
  });
  expect(created.status).toBe(201);
  return { w, id: created.body.id as number, body: created.body };
}

describe('incident targets in the admin API', () => {
  it('counts the low response in business hours and keeps resolution pending with the time left', async () => {
    const { body } = await lowIncident();
    expect(body.targets).toEqual({
      // Fri 16:30–17:00 (1,800 s) + Mon 09:00–09:15 (900 s) = 2,700 business seconds ≤ 8 business hours.
      // Deadline: 30 min on Friday + 7 h 30 min on Monday → Mon 16:30 CEST = 14:30Z.
      response: { state: 'met', targetSeconds: 28_800, businessHours: true, actualSeconds: 2_700, reachedAt: '2026-10-12T07:15:00.000Z', deadline: '2026-10-12T14:30:00.000Z', remainingSeconds: null },
      // 72 h wall-clock from Fri 14:30Z → Mon 14:30Z; at Mon 07:15Z, 7 h 15 min = 26,100 s are left.
      resolution: { state: 'pending', targetSeconds: 259_200, businessHours: false, actualSeconds: null, reachedAt: null, deadline: '2026-10-12T14:30:00.000Z', remainingSeconds: 26_100 },
    });
    expect(body.reportState).toBe('not_due');
    expect(body.reportDueAt).toBeNull();
  });

  it('turns a missed resolution into breached once the deadline passes, and keeps it when resolved late', async () => {
    const { w, id } = await lowIncident();
    w.clock.now = Date.parse('2026-10-12T14:30:00Z');
    expect((await w.call('GET', `/api/admin/incidents/${id}`)).body.targets.resolution).toMatchObject({ state: 'pending', remainingSeconds: 0 });
    w.clock.now = Date.parse('2026-10-12T14:30:01Z');
    expect((await w.call('GET', `/api/admin/incidents/${id}`)).body.targets.resolution).toMatchObject({ state: 'breached', remainingSeconds: null, actualSeconds: null });
    w.clock.now = Date.parse('2026-10-12T15:00:00Z');
    const resolved = await w.call('POST', `/api/admin/incidents/${id}/updates`, { status: 'resolved', message: 'Answered.', notify: false });
    // Fri 14:30Z → Mon 15:00Z = 72 h 30 min = 261,000 s > 259,200.
    expect(resolved.body.targets.resolution).toEqual({ state: 'breached', targetSeconds: 259_200, businessHours: false, actualSeconds: 261_000, reachedAt: '2026-10-12T15:00:00.000Z', deadline: '2026-10-12T14:30:00.000Z', remainingSeconds: null });
    expect(resolved.body).toMatchObject({ reportState: 'pending', reportDueAt: '2026-10-14T15:00:00.000Z' });
    w.clock.now = Date.parse('2026-10-14T15:00:01Z');
    expect((await w.call('GET', `/api/admin/incidents/${id}`)).body.reportState).toBe('overdue');
  });

  it('counts a critical response in wall-clock time and meets resolution at the first monitoring', async () => {
    const w = adminWorld(Date.parse('2026-10-10T03:20:00Z')); // a Saturday night: critical is 24/7
    await w.call('POST', '/api/admin/services', { name: 'Web', slug: 'web', startDate: '2026-09-01T00:00:00Z' });
    const created = await w.call('POST', '/api/admin/incidents', { title: 'Down', severity: 'critical', message: 'Down.', services: [{ service: 'web', impact: 'major_outage' }], startedAt: '2026-10-10T03:00:00Z', notify: false });
    // 20 min > 15 min.
    expect(created.body.targets.response).toMatchObject({ state: 'breached', actualSeconds: 1_200, targetSeconds: 900, businessHours: false });
    expect(created.body.targets.resolution).toMatchObject({ state: 'pending', remainingSeconds: 4 * 3600 - 1_200 });
    w.clock.now = Date.parse('2026-10-10T06:59:00Z');
    const monitoring = await w.call('POST', `/api/admin/incidents/${created.body.id}/updates`, { status: 'monitoring', message: 'Workaround in place.', notify: false });
    // 3 h 59 min ≤ 4 h.
    expect(monitoring.body.targets.resolution).toMatchObject({ state: 'met', actualSeconds: 14_340 });
  });
});
