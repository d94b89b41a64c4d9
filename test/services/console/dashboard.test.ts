// The console dashboard's figures on a world built for it, at a fixed clock: SLA clocks of the open
// incident, reports pending and overdue, maintenance within a week and its notice, this month's
// SLA figures against the whole month (the credit already certain, the budget left), and failed emails.
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { loadConfig } from '../../../src/config.ts';
import { dashboard } from '../../../src/services/console/dashboard.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { DAY, HOUR, makeIncident, makeMaintenance, makeService } from '../../support/factories.ts';

const NOW = Date.parse('2026-11-10T12:00:00Z'); // a Tuesday
const MONTH_START = Date.parse('2026-10-31T23:00:00Z'); // 1 November 00:00 in Amsterdam

function world() {
  const db = createDb(':memory:');
  const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => NOW });
  const web = makeService(db, { slug: 'web', name: 'Web hosting', startDate: Date.parse('2026-10-01T00:00:00Z') });
  const staging = makeService(db, { slug: 'staging', name: 'Staging', slaCovered: false, startDate: Date.parse('2026-10-01T00:00:00Z') });
  const open = makeIncident(db, { title: 'Web down', severity: 'critical', startedAt: NOW - 2 * HOUR, createdAt: NOW - 2 * HOUR + 10 * 60_000, impacts: [{ serviceId: web, impact: 'major_outage', start: NOW - 2 * HOUR, end: null }] });
  const overdue = makeIncident(db, { title: 'Slow pages', severity: 'medium', startedAt: NOW - 2 * DAY - 2 * HOUR, resolvedAt: NOW - 2 * DAY - HOUR, impacts: [{ serviceId: web, impact: 'partial_outage', start: NOW - 2 * DAY - 2 * HOUR, end: NOW - 2 * DAY - HOUR }] });
  const pending = makeIncident(db, { title: 'Staging slow', severity: 'low', startedAt: NOW - DAY, resolvedAt: NOW - 23 * HOUR, impacts: [{ serviceId: staging, impact: 'major_outage', start: NOW - DAY, end: NOW - 23 * HOUR }], report: { body: 'Draft.', publishedAt: null } });
  makeIncident(db, { title: 'Published', severity: 'low', startedAt: NOW - 5 * DAY, resolvedAt: NOW - 5 * DAY + HOUR, impacts: [{ serviceId: staging, impact: 'degraded_performance', start: NOW - 5 * DAY, end: NOW - 5 * DAY + HOUR }], report: { body: 'Done.', publishedAt: NOW - 4 * DAY } });
  const soon = makeMaintenance(db, { title: 'Upgrade', serviceIds: [web], announcedAt: NOW, scheduledStart: NOW + 22 * HOUR, scheduledEnd: NOW + 23 * HOUR });
  const announced = makeMaintenance(db, { title: 'Planned well', serviceIds: [web], announcedAt: NOW - 3 * DAY, scheduledStart: NOW + 2 * DAY, scheduledEnd: NOW + 2 * DAY + HOUR });
  makeMaintenance(db, { title: 'Later', serviceIds: [web], announcedAt: NOW, scheduledStart: NOW + 8 * DAY, scheduledEnd: NOW + 8 * DAY + HOUR });
  const sub = Number(db.$client.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES ('a@example.org', 'en', 1, 0, 0, 0)`).run().lastInsertRowid);
  for (const [i, [error, at]] of ([['422 invalid to', NOW - DAY], ['skipped: unsubscribed', NOW - DAY], ['500 gave up', NOW - 8 * DAY]] as const).entries()) {
    const event = Number(db.$client.prepare(`INSERT INTO outbox_events (type, entity_type, entity_id, service_ids, payload, notify, created_at) VALUES ('incident.created', 'incident', ?, '[]', '{}', 1, ?)`).run(open, at).lastInsertRowid);
    db.$client.prepare(`INSERT INTO deliveries (event_id, subscriber_id, state, attempts, next_attempt_at, created_at, last_error) VALUES (?, ?, 'failed', ?, ?, ?, ?)`).run(event, sub, i + 1, at, at, error);
  }
  return { ctx, web, open, overdue, pending, soon, announced };
}

describe('dashboard', () => {
  it('shows exactly what is open, due, soon and at stake this month', () => {
    const w = world();
    const d = dashboard(w.ctx);
    expect(d.open.map((o) => o.incident.id)).toEqual([w.open]);
    const { response, resolution } = d.open[0]!.sla.targets;
    // Critical: response 15 min (took 10), resolution 4 h (2 h gone, 2 h left).
    expect([response.state, response.elapsedMs]).toEqual(['met', 10 * 60_000]);
    expect([resolution.state, resolution.remainingMs, resolution.deadline]).toEqual(['pending', 2 * HOUR, NOW + 2 * HOUR]);

    expect(d.reportsDue.map((r) => [r.incident.id, r.sla.reportState, r.sla.reportDueAt])).toEqual([
      [w.overdue, 'overdue', NOW - 2 * DAY - HOUR + 2 * DAY],
      [w.pending, 'pending', NOW - 23 * HOUR + 2 * DAY],
    ]);

    expect(d.maintenance.map((m) => [m.maintenance.id, m.notice.noticeHours, m.notice.noticeRuleMet])).toEqual([
      [w.soon, 22, false],
      [w.announced, 5 * 24, true],
    ]);

    // Web hosting this month: 2 h of major outage (weight 1) + 1 h partial (0.3) = 8280 s counted.
    expect(d.month).toBe('2026-11');
    expect((NOW - MONTH_START) / 1000).toBe(824_400);
    expect(d.services).toEqual([
      {
        id: w.web,
        name: 'Web hosting',
        // Against the whole month (2,592,000 s), never the 824,400 s gone by: month to date it would
        // read 98.9956 % and a 25 % credit; 8,280 s is past the 99.9 % budget (2,592 s) only, so
        // 10 % is certain and the month can end no better than 99.68 %.
        slaUptimePercent: ((25_920_000_000 - 82_800_000) * 100) / 25_920_000_000,
        slaDowntimeSeconds: 8280,
        creditPercent: 10,
        budgetLeftSeconds: 2592 - 8280,
      },
    ]);
    expect(d.failedDeliveries).toEqual({ failed: 1, since: NOW - 7 * DAY });
  });
});
