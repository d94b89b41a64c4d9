// A world for issue 13's "the site tells the truth" tests, on a fixed clock: 2 December 2026 at
// 12:00 in Amsterdam (BAKEN_NOW), so every month-to-date figure is exact.
//   - DNS (group Infrastructure): 28 min of major outage on 1 December (the example), an
//     older incident in October, and a short-notice maintenance worked in November;
//   - Mail (group Infrastructure): an open critical incident that began as a major outage and eased
//     to a partial outage, which is in force now (the page's status: major, "partial system outage");
//   - New service: created today at 00:00, 3 h of major outage this morning;
//   - Staging: not covered by the SLA.
import { createDb } from '../../db/client.ts';
import { HOUR, makeGroup, makeIncident, makeMaintenance, makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const MINUTE = 60_000;
export const NOW = Date.parse('2026-12-02T11:00:00Z');
/** 1 December 00:00 in Amsterdam. */
export const DECEMBER = Date.parse('2026-11-30T23:00:00Z');

export interface SignalWorld {
  server: RunningServer;
  dnsId: number;
  mailId: number;
  newId: number;
  dnsIncidentId: number;
  oldDnsIncidentId: number;
  mailIncidentId: number;
  shortNoticeId: number;
}

export async function buildSignalWorld(env: Record<string, string> = {}): Promise<SignalWorld> {
  const path = tempDbPath('signal');
  const db = createDb(path);
  const infra = makeGroup(db, 'Infrastructure', 0);
  const since = Date.parse('2026-01-01T00:00:00Z');
  const dnsId = makeService(db, { slug: 'dns', name: 'DNS', groupId: infra, position: 0, startDate: since, description: 'Resolvers and authoritative DNS' });
  const mailId = makeService(db, { slug: 'mail', name: 'Mail', groupId: infra, position: 1, startDate: since });
  const newId = makeService(db, { slug: 'new-service', name: 'New service', position: 2, startDate: DECEMBER + 24 * HOUR });
  makeService(db, { slug: 'staging', name: 'Staging', position: 3, slaCovered: false, startDate: since });

  const dnsStart = DECEMBER + 9 * HOUR;
  const dnsIncidentId = makeIncident(db, {
    title: 'DNS resolution failing',
    severity: 'critical',
    startedAt: dnsStart,
    resolvedAt: dnsStart + 28 * MINUTE,
    impacts: [{ serviceId: dnsId, impact: 'major_outage', start: dnsStart, end: dnsStart + 28 * MINUTE }],
    updates: [
      { status: 'investigating', body: 'Lookups time out.', at: dnsStart + 2 * MINUTE },
      { status: 'resolved', body: 'The resolver cluster restarted; lookups work again.', at: dnsStart + 28 * MINUTE },
    ],
  });
  const october = Date.parse('2026-10-14T08:00:00Z');
  const oldDnsIncidentId = makeIncident(db, {
    title: 'DNS slow',
    severity: 'medium',
    startedAt: october,
    resolvedAt: october + HOUR,
    impacts: [{ serviceId: dnsId, impact: 'degraded_performance', start: october, end: october + HOUR }],
    updates: [{ status: 'resolved', body: 'Caches warmed up.', at: october + HOUR }],
  });

  const mailStart = NOW - 3 * HOUR;
  const mailIncidentId = makeIncident(db, {
    title: 'Mail outage',
    severity: 'critical',
    status: 'identified',
    startedAt: mailStart,
    impacts: [
      { serviceId: mailId, impact: 'major_outage', start: mailStart, end: mailStart + HOUR },
      { serviceId: mailId, impact: 'partial_outage', start: mailStart + HOUR, end: null },
    ],
    updates: [
      { status: 'investigating', body: 'No mail is delivered.', at: mailStart + 5 * MINUTE },
      { status: 'identified', body: 'Half of the mail servers are back.', at: mailStart + HOUR },
    ],
  });

  const newStart = DECEMBER + 24 * HOUR + 6 * HOUR; // 2 December 07:00 CET
  makeIncident(db, { title: 'New service down', severity: 'high', startedAt: newStart, resolvedAt: newStart + 3 * HOUR, impacts: [{ serviceId: newId, impact: 'major_outage', start: newStart, end: newStart + 3 * HOUR }] });

  // Announced 20 h before its start: less than the SLA's 48 h.
  const workStart = Date.parse('2026-11-20T01:00:00Z');
  const shortNoticeId = makeMaintenance(db, {
    title: 'Resolver upgrade',
    body: 'New resolver software.',
    serviceIds: [dnsId],
    announcedAt: workStart - 20 * HOUR,
    scheduledStart: workStart,
    scheduledEnd: workStart + HOUR,
    status: 'completed',
    actualStart: workStart,
    actualEnd: workStart + HOUR,
  });
  db.$client.close();
  const server = await startServer({ databasePath: path, env: { BAKEN_NOW: new Date(NOW).toISOString(), ...env } });
  return { server, dnsId, mailId, newId, dnsIncidentId, oldDnsIncidentId, mailIncidentId, shortNoticeId };
}
