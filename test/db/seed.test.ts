import { describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../db/client.ts';
import { incidentImpacts, incidentReports, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances, serviceGroups, services } from '../../db/schema.ts';
import { SEVERITIES } from '../../src/domain/vocabulary.ts';
import { seedDemo } from '../../db/seed.ts';
import { dateInZone, lastDays } from '../../src/domain/calendar.ts';

const TZ = 'Europe/Amsterdam';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A few "nows": summer, winter, just after midnight and just before, right after a DST change.
const NOWS = [Date.UTC(2025, 5, 18, 10, 30), Date.UTC(2026, 0, 7, 23, 15), Date.UTC(2025, 2, 31, 22, 5), Date.UTC(2025, 9, 26, 1, 30)];

const TABLES = { serviceGroups, services, incidents, incidentUpdates, incidentImpacts, incidentReports, maintenances, maintenanceServices, maintenanceUpdates };
function counts(db: Db) {
  return Object.fromEntries(Object.entries(TABLES).map(([name, t]) => [name, db.select().from(t).all().length]));
}

function seeded(now: number) {
  const db = createDb(':memory:');
  expect(seedDemo(db, { now, timeZone: TZ })).toBe(true);
  return db;
}

describe.each(NOWS.map((now) => [new Date(now).toISOString(), now] as const))('seedDemo at %s', (_, now) => {
  const db = seeded(now);
  const allIncidents = db.select().from(incidents).all();
  const updates = db.select().from(incidentUpdates).all();
  const impacts = db.select().from(incidentImpacts).all();

  it('creates 3 groups and 9 services, one not SLA-covered and one created about 30 days ago', () => {
    expect(db.select().from(serviceGroups).all()).toHaveLength(3);
    const all = db.select().from(services).all();
    expect(all).toHaveLength(9);
    expect(all.filter((s) => !s.slaCovered).map((s) => s.slug)).toEqual(['acceptance']);
    const recent = all.filter((s) => s.startDate > now - 90 * DAY);
    expect(recent).toHaveLength(1);
    expect(now - recent[0]!.startDate).toBeGreaterThan(29 * DAY);
    expect(now - recent[0]!.startDate).toBeLessThan(32 * DAY);
    for (const s of all) expect(s.groupId).not.toBeNull();
  });

  it('has exactly one open incident, with an open impact row', () => {
    const open = allIncidents.filter((i) => i.resolvedAt === null);
    expect(open).toHaveLength(1);
    expect(open[0]!.status).toBe('identified');
    const openImpacts = impacts.filter((r) => r.endAt === null);
    expect(openImpacts).toHaveLength(1);
    expect(openImpacts[0]!.incidentId).toBe(open[0]!.id);
    expect(['partial_outage', 'degraded_performance']).toContain(openImpacts[0]!.impact);
    expect(updates.filter((u) => u.incidentId === open[0]!.id)).toHaveLength(2);
  });

  it('gives every incident updates and consistent times', () => {
    for (const inc of allIncidents) {
      const own = updates.filter((u) => u.incidentId === inc.id).sort((a, b) => a.createdAt - b.createdAt);
      expect(own.length).toBeGreaterThanOrEqual(1);
      expect(inc.createdAt).toBeGreaterThanOrEqual(inc.startedAt);
      expect(own[0]!.createdAt).toBe(inc.createdAt);
      expect(own.at(-1)!.status).toBe(inc.status);
      const firstMonitoring = own.find((u) => u.status === 'monitoring');
      expect(inc.monitoringAt).toBe(firstMonitoring?.createdAt ?? null);
      if (inc.status === 'resolved') {
        expect(inc.resolvedAt).not.toBeNull();
        expect(inc.resolvedAt!).toBeGreaterThanOrEqual(inc.startedAt);
        expect(own.at(-1)!.createdAt).toBe(inc.resolvedAt);
        for (const r of impacts.filter((x) => x.incidentId === inc.id)) {
          expect(r.endAt).not.toBeNull();
          expect(r.endAt!).toBeLessThanOrEqual(inc.resolvedAt!);
        }
      }
      expect(impacts.some((r) => r.incidentId === inc.id)).toBe(true);
    }
    for (const r of impacts) {
      if (r.endAt !== null) expect(r.endAt).toBeGreaterThanOrEqual(r.startAt);
      const svc = db.select().from(services).all().find((s) => s.id === r.serviceId)!;
      expect(r.startAt).toBeGreaterThanOrEqual(svc.startDate);
    }
  });

  it('covers every severity, an impact change, a midnight-spanning impact and a DDoS exclusion', () => {
    const resolved = allIncidents.filter((i) => i.status === 'resolved');
    expect(resolved.length).toBeGreaterThanOrEqual(15);
    expect(resolved.length).toBeLessThanOrEqual(20);
    for (const sev of SEVERITIES) expect(resolved.some((i) => i.severity === sev)).toBe(true);
    const changes = impacts.filter((a) => impacts.some((b) => b.incidentId === a.incidentId && b.serviceId === a.serviceId && b.startAt === a.endAt && b.impact !== a.impact));
    expect(changes.length).toBeGreaterThanOrEqual(1);
    expect(impacts.some((r) => r.endAt !== null && dateInZone(r.startAt, TZ) !== dateInZone(r.endAt, TZ))).toBe(true);
    const ddos = allIncidents.filter((i) => i.slaExclusionCause === 'ddos');
    expect(ddos).toHaveLength(1);
    expect(ddos[0]!.slaExclusionReason).toBeTruthy();
    expect(ddos[0]!.startedAt).toBeLessThan(now - 30 * DAY);
  });

  it('publishes reports for most older incidents, one late, none yet for the most recent', () => {
    const reports = db.select().from(incidentReports).all();
    const older = allIncidents.filter((i) => i.resolvedAt !== null && i.resolvedAt < now - 3 * DAY);
    const withReport = older.filter((i) => reports.some((r) => r.incidentId === i.id));
    expect(withReport.length / older.length).toBeGreaterThan(0.75);
    const delay = (r: (typeof reports)[number]) => r.publishedAt! - allIncidents.find((i) => i.id === r.incidentId)!.resolvedAt!;
    for (const r of reports) expect(r.publishedAt).not.toBeNull();
    expect(reports.filter((r) => delay(r) > 48 * HOUR)).toHaveLength(1);
    expect(reports.every((r) => delay(r) > 0)).toBe(true);
    const latest = allIncidents.filter((i) => i.resolvedAt !== null).sort((a, b) => b.resolvedAt! - a.resolvedAt!)[0]!;
    expect(latest.resolvedAt! + 48 * HOUR).toBeGreaterThan(now);
    expect(reports.some((r) => r.incidentId === latest.id)).toBe(false);
  });

  it('has one completed and one upcoming maintenance', () => {
    const all = db.select().from(maintenances).all();
    const linked = db.select().from(maintenanceServices).all();
    const mUpdates = db.select().from(maintenanceUpdates).all();
    const done = all.filter((m) => m.status === 'completed');
    const upcoming = all.filter((m) => m.status === 'scheduled');
    expect(done).toHaveLength(1);
    expect(upcoming).toHaveLength(1);
    const d = done[0]!;
    expect(d.scheduledStart - d.announcedAt).toBeGreaterThanOrEqual(48 * HOUR);
    expect(d.actualStart).not.toBeNull();
    expect(d.actualEnd!).toBeLessThanOrEqual(d.scheduledEnd);
    expect(d.actualEnd!).toBeLessThan(now);
    expect(mUpdates.filter((u) => u.maintenanceId === d.id).map((u) => u.status)).toEqual(expect.arrayContaining(['scheduled', 'in_progress', 'completed']));
    const u = upcoming[0]!;
    expect(u.announcedAt).toBeLessThan(now);
    expect(u.scheduledStart - u.announcedAt).toBeGreaterThanOrEqual(48 * HOUR);
    expect(u.scheduledStart - now).toBeGreaterThan(2 * DAY);
    expect(u.scheduledStart - now).toBeLessThan(4 * DAY);
    expect(u.actualStart).toBeNull();
    for (const m of all) expect(linked.some((l) => l.maintenanceId === m.id)).toBe(true);
  });

  it('spreads history over the last 90 days and puts nothing in the future but the upcoming window', () => {
    const window = lastDays(now, 90, TZ);
    const days = new Set(impacts.map((r) => dateInZone(r.startAt, TZ)));
    for (const day of days) expect(day >= window[0]!.date).toBe(true);
    // Incidents in each third of the window.
    for (const [from, to] of [[0, 30], [30, 60], [60, 90]] as const)
      expect(allIncidents.some((i) => i.startedAt <= now - from * DAY && i.startedAt > now - to * DAY)).toBe(true);
    const instants: number[] = [];
    for (const i of allIncidents) instants.push(i.startedAt, i.createdAt, i.updatedAt, i.monitoringAt ?? 0, i.resolvedAt ?? 0);
    for (const r of impacts) instants.push(r.startAt, r.endAt ?? 0);
    for (const u of updates) instants.push(u.createdAt);
    for (const r of db.select().from(incidentReports).all()) instants.push(r.createdAt, r.updatedAt, r.publishedAt ?? 0);
    for (const s of db.select().from(services).all()) instants.push(s.startDate, s.createdAt, s.updatedAt);
    for (const m of db.select().from(maintenances).all()) {
      instants.push(m.announcedAt, m.createdAt, m.updatedAt, m.actualStart ?? 0, m.actualEnd ?? 0);
      if (m.status === 'completed') instants.push(m.scheduledStart, m.scheduledEnd);
    }
    for (const u of db.select().from(maintenanceUpdates).all()) instants.push(u.createdAt);
    expect(instants.filter((t) => t > now)).toEqual([]);
  });

  it('does nothing the second time', () => {
    const before = counts(db);
    expect(seedDemo(db, { now: now + DAY, timeZone: TZ })).toBe(false);
    expect(counts(db)).toEqual(before);
  });
});

it('is deterministic', () => {
  const strip = (db: Db) => JSON.stringify(db.select().from(incidentUpdates).all()) + JSON.stringify(db.select().from(incidentImpacts).all());
  expect(strip(seeded(NOWS[0]!))).toBe(strip(seeded(NOWS[0]!)));
});

it('seeds nothing into a database that already has services', () => {
  const db = createDb(':memory:');
  db.insert(services).values({ slug: 'x', name: 'X', startDate: 0, createdAt: 0, updatedAt: 0 }).run();
  expect(seedDemo(db, { now: NOWS[0]!, timeZone: TZ })).toBe(false);
  expect(counts(db)).toMatchObject({ services: 1, serviceGroups: 0, incidents: 0, maintenances: 0 });
});

describe('the bilingual demo', () => {
  it('writes every name, description, title, update and maintenance text in English with its Dutch translation; reports stay English only', () => {
    const db = seeded(NOWS[0]!);
    const groups = db.select().from(serviceGroups).all();
    const all = db.select().from(services).all();
    const rows = db.select().from(incidents).all();
    const updates = db.select().from(incidentUpdates).all();
    expect([...groups, ...all, ...rows].every((r) => r.lang === 'en')).toBe(true);
    expect(groups.map((g) => g.nameTranslation)).toEqual(['Hosting', 'Netwerk en connectiviteit', 'Platform en beheerde diensten']);
    expect(all.find((s) => s.slug === 'email')).toMatchObject({ name: 'E-mail hosting', nameTranslation: 'E-mailhosting', descriptionTranslation: 'Mailboxen, webmail, SMTP-relay en spamfilter.' });
    expect(all.filter((s) => s.nameTranslation === null || s.descriptionTranslation === null)).toEqual([]);
    expect(rows.filter((i) => i.titleTranslation === null)).toEqual([]);
    expect(rows.find((i) => i.status !== 'resolved')).toMatchObject({ title: 'Slow webmail', titleTranslation: 'Trage webmail' });
    expect(updates.filter((u) => u.bodyTranslation === null)).toEqual([]);
    expect(updates).toHaveLength(73);
    expect(db.select().from(incidentReports).all().every((r) => r.bodyTranslation === null)).toBe(true);
    const windows = db.select().from(maintenances).all();
    expect(windows.map((m) => [m.lang, m.titleTranslation])).toEqual([['en', 'Firmware-upgrade van de kernswitches in AMS-1'], ['en', 'Upgrade van de Kubernetes-control plane']]);
    expect(windows.every((m) => m.bodyTranslation !== null)).toBe(true);
    expect(db.select().from(maintenanceUpdates).all().filter((u) => u.bodyTranslation === null)).toEqual([]);
  });
});
