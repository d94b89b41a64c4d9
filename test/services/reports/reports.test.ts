import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../db/client.ts';
import { incidents } from '../../../db/schema.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext, type AppContext } from '../../../src/services/kernel/context.ts';
import { getIncident } from '../../../src/services/incidents/records.ts';
import { buildReport, currentSla, incidentSla, reportIndex } from '../../../src/services/reports/reports.ts';
import type { Report, ReportService } from '../../../src/services/reports/report-model.ts';
import { reportCsv } from '../../../src/services/reports/csv.ts';
import { makeIncident, makeMaintenance, makeService } from '../../support/factories.ts';

// One world, read by every test (nothing here writes). Times are UTC; Amsterdam is UTC+1 from
// 25 October 2026. Months: October 2026 = 745 h = 2,682,000 s; November = 720 h = 2,592,000 s;
// December = 744 h = 2,678,400 s; Q4 = 7,952,400 s; 2026 = 8,760 h = 31,536,000 s.
// Now: 2027-01-10 12:00Z, so 2026 is complete and January 2027 is running.
const at = (iso: string): number => Date.parse(iso);
const NOW = at('2027-01-10T12:00:00Z');

let db: Db;
let ctx: AppContext;
const clock = { now: NOW };
const ids: Record<string, number> = {};

function world(): void {
  db = createDb(':memory:');
  ctx = createContext({ db, config: loadConfig({}), clock: () => clock.now });
  ids.api = makeService(db, { slug: 'api', name: 'API', startDate: at('2025-12-31T23:00:00Z') }); // 1 Jan 2026 00:00 CET
  ids.web = makeService(db, { slug: 'web', name: 'Web', startDate: at('2026-11-15T23:00:00Z') }); // 16 Nov 2026 00:00 CET: mid-month
  ids.db = makeService(db, { slug: 'db', name: 'Database', startDate: at('2026-09-30T22:00:00Z') }); // 1 Oct 2026 00:00 CEST
  ids.staging = makeService(db, { slug: 'staging', name: 'Staging', slaCovered: false, startDate: at('2025-12-31T23:00:00Z') });

  // #1 db, critical, spans the month boundary: 31 Oct 23:00 CET → 1 Nov 02:00 CET = 1 h in October + 2 h in November.
  // Response 5 min (met, 15 min); resolution 3 h (met, 4 h); report 35 h after resolution (on time).
  ids.spanning = makeIncident(db, {
    title: 'DB "primary" down, failover',
    severity: 'critical',
    startedAt: at('2026-10-31T22:00:00Z'),
    createdAt: at('2026-10-31T22:05:00Z'),
    resolvedAt: at('2026-11-01T01:00:00Z'),
    impacts: [{ serviceId: ids.db, impact: 'major_outage', start: at('2026-10-31T22:00:00Z'), end: at('2026-11-01T01:00:00Z') }],
    updates: [
      { status: 'investigating', body: 'Looking.', at: at('2026-10-31T22:05:00Z') },
      { status: 'resolved', body: 'Fixed.', at: at('2026-11-01T01:00:00Z') },
    ],
    report: { body: 'What happened.', publishedAt: at('2026-11-02T12:00:00Z') },
  });
  // #2 api, critical, 1,392 s major. Response 10 min; resolution 1,392 s; report on time.
  ids.apiCritical = makeIncident(db, {
    title: 'API errors',
    severity: 'critical',
    startedAt: at('2026-11-03T10:00:00Z'),
    createdAt: at('2026-11-03T10:10:00Z'),
    resolvedAt: at('2026-11-03T10:23:12Z'),
    impacts: [{ serviceId: ids.api, impact: 'major_outage', start: at('2026-11-03T10:00:00Z'), end: at('2026-11-03T10:23:12Z') }],
    updates: [
      { status: 'investigating', body: 'Looking.', at: at('2026-11-03T10:10:00Z') },
      { status: 'resolved', body: 'Fixed.', at: at('2026-11-03T10:23:12Z') },
    ],
    report: { body: 'Report.', publishedAt: at('2026-11-04T10:00:00Z') },
  });
  // #3 staging (not covered), medium, backfilled: posted 4 h 30 min after impact began → response breached (4 h).
  ids.staging1 = makeIncident(db, {
    title: 'Staging down',
    severity: 'medium',
    startedAt: at('2026-11-05T00:00:00Z'),
    createdAt: at('2026-11-05T04:30:00Z'),
    resolvedAt: at('2026-11-05T04:45:00Z'),
    impacts: [{ serviceId: ids.staging, impact: 'major_outage', start: at('2026-11-05T00:00:00Z'), end: at('2026-11-05T01:00:00Z') }],
    updates: [
      { status: 'investigating', body: 'Imported.', at: at('2026-11-05T04:30:00Z') },
      { status: 'resolved', body: 'Imported.', at: at('2026-11-05T04:45:00Z') },
    ],
  });
  db.update(incidents).set({ backfilled: true }).where(eq(incidents.id, ids.staging1)).run();
  // #4 api, high, DDoS (excluded): major 08:00–10:00 on 10 Nov. No report → overdue.
  ids.ddos = makeIncident(db, {
    title: 'DDoS',
    severity: 'high',
    startedAt: at('2026-11-10T08:00:00Z'),
    createdAt: at('2026-11-10T08:05:00Z'),
    resolvedAt: at('2026-11-10T10:00:00Z'),
    impacts: [{ serviceId: ids.api, impact: 'major_outage', start: at('2026-11-10T08:00:00Z'), end: at('2026-11-10T10:00:00Z') }],
    updates: [
      { status: 'investigating', body: 'Attack.', at: at('2026-11-10T08:05:00Z') },
      { status: 'resolved', body: 'Mitigated.', at: at('2026-11-10T10:00:00Z') },
    ],
    slaExclusion: { cause: 'ddos', reason: 'Volumetric attack' },
  });
  // #5 api, high, major 09:30–10:20: overlaps the DDoS until 10:00, so only 10:00–10:20 = 1,200 s counts.
  // Report published exactly at its due time (resolvedAt + 48 h) → on time.
  ids.overlap = makeIncident(db, {
    title: 'Load balancer',
    severity: 'high',
    startedAt: at('2026-11-10T09:30:00Z'),
    resolvedAt: at('2026-11-10T10:20:00Z'),
    impacts: [{ serviceId: ids.api, impact: 'major_outage', start: at('2026-11-10T09:30:00Z'), end: at('2026-11-10T10:20:00Z') }],
    updates: [
      { status: 'investigating', body: 'Looking.', at: at('2026-11-10T09:30:00Z') },
      { status: 'resolved', body: 'Fixed.', at: at('2026-11-10T10:20:00Z') },
    ],
    report: { body: 'Report.', publishedAt: at('2026-11-12T10:20:00Z') },
  });
  // #6 web, low: started Friday 20 Nov 16:30 CET, first posted Monday 23 Nov 09:15 CET → 45 business
  // minutes (met, 8 business hours). Monitoring Monday 11:00 CET: 66 h 30 min after start (met, 72 h).
  // Degraded: weighs 0. Report 72 h after resolution → late.
  ids.low = makeIncident(db, {
    title: 'Slow search',
    severity: 'low',
    startedAt: at('2026-11-20T15:30:00Z'),
    createdAt: at('2026-11-23T08:15:00Z'),
    monitoringAt: at('2026-11-23T10:00:00Z'),
    resolvedAt: at('2026-11-23T12:00:00Z'),
    impacts: [{ serviceId: ids.web, impact: 'degraded_performance', start: at('2026-11-20T15:30:00Z'), end: at('2026-11-23T12:00:00Z') }],
    updates: [
      { status: 'investigating', body: 'Looking.', at: at('2026-11-23T08:15:00Z') },
      { status: 'monitoring', body: 'Workaround.', at: at('2026-11-23T10:00:00Z') },
      { status: 'resolved', body: 'Fixed.', at: at('2026-11-23T12:00:00Z') },
    ],
    report: { body: 'Report.', publishedAt: at('2026-11-26T12:00:00Z') },
  });
  // #7 web, medium, partial 4 h → 0.3 × 14,400 = 4,320 s. No report → overdue.
  ids.partial = makeIncident(db, {
    title: 'Partial outage',
    severity: 'medium',
    startedAt: at('2026-11-25T10:00:00Z'),
    createdAt: at('2026-11-25T10:30:00Z'),
    resolvedAt: at('2026-11-25T14:00:00Z'),
    impacts: [{ serviceId: ids.web, impact: 'partial_outage', start: at('2026-11-25T10:00:00Z'), end: at('2026-11-25T14:00:00Z') }],
    updates: [
      { status: 'investigating', body: 'Looking.', at: at('2026-11-25T10:30:00Z') },
      { status: 'resolved', body: 'Fixed.', at: at('2026-11-25T14:00:00Z') },
    ],
  });
  // #8 api, high, still open since 2027-01-10 08:00Z (4 h before now): resolution pending, 4 h left of 8 h.
  ids.open = makeIncident(db, {
    title: 'Ongoing',
    severity: 'high',
    startedAt: at('2027-01-10T08:00:00Z'),
    impacts: [{ serviceId: ids.api, impact: 'major_outage', start: at('2027-01-10T08:00:00Z'), end: null }],
    updates: [{ status: 'investigating', body: 'Looking.', at: at('2027-01-10T08:00:00Z') }],
  });

  // db maintenance: m1 announced exactly 48 h 00 min ahead, overran 30 min → 1,800 s counted;
  // m2 announced 47 h 59 min ahead → its whole hour (3,600 s) counted.
  ids.m1 = makeMaintenance(db, { title: 'Upgrade', serviceIds: [ids.db], announcedAt: at('2026-11-12T01:00:00Z'), scheduledStart: at('2026-11-14T01:00:00Z'), scheduledEnd: at('2026-11-14T03:00:00Z'), status: 'completed', actualStart: at('2026-11-14T01:00:00Z'), actualEnd: at('2026-11-14T03:30:00Z') });
  ids.m2 = makeMaintenance(db, { title: 'Patch', serviceIds: [ids.db], announcedAt: at('2026-11-19T01:01:00Z'), scheduledStart: at('2026-11-21T01:00:00Z'), scheduledEnd: at('2026-11-21T02:00:00Z'), status: 'completed', actualStart: at('2026-11-21T01:00:00Z'), actualEnd: at('2026-11-21T02:00:00Z') });
  // Cancelled before it started: not in any report, excuses nothing.
  ids.m3 = makeMaintenance(db, { title: 'Cancelled', serviceIds: [ids.api], announcedAt: at('2026-11-01T00:00:00Z'), scheduledStart: at('2026-11-27T01:00:00Z'), scheduledEnd: at('2026-11-27T02:00:00Z'), status: 'cancelled' });
}

beforeAll(world);

const service = (r: Report, slug: string): ReportService => r.services.find((s) => s.slug === slug)!;
/** SLA uptime from exact seconds, as one division (how the engine computes it). */
const pct = (observed: number, downtime: number): number => ((observed - downtime) * 100) / observed;

describe('buildReport: November 2026', () => {
  let r: Report;
  beforeAll(() => {
    r = buildReport(ctx, '2026-11')!;
  });

  it('names the period', () => {
    expect(r.period).toEqual({
      kind: 'month',
      key: '2026-11',
      start: '2026-10-31T23:00:00.000Z',
      end: '2026-11-30T23:00:00.000Z',
      timeZone: 'Europe/Amsterdam',
      months: [{ key: '2026-11', start: '2026-10-31T23:00:00.000Z', end: '2026-11-30T23:00:00.000Z' }],
      complete: true,
      previous: '2026-10',
      next: '2026-12',
    });
    expect(r.generatedAt).toBe('2027-01-10T12:00:00.000Z');
    expect(r.guaranteePercent).toBe(99.9);
  });

  it('api: 1,392 s + the 1,200 s outside the DDoS = 2,592 s = exactly 99.9 % → no credit', () => {
    // Plain uptime counts everything: 1,392 + (08:00–10:20 = 8,400) = 9,792 s.
    expect(service(r, 'api')).toEqual({
      id: ids.api,
      slug: 'api',
      name: 'API',
      slaCovered: true,
      observedSeconds: 2_592_000,
      uptimePercent: (1 - 9_792 / 2_592_000) * 100,
      slaUptimePercent: 99.9,
      downtimeSeconds: 9_792,
      slaDowntimeSeconds: 2_592,
      creditPercent: 0,
      months: [{ key: '2026-11', observedSeconds: 2_592_000, uptimePercent: (1 - 9_792 / 2_592_000) * 100, downtimeSeconds: 9_792, slaUptimePercent: 99.9, slaDowntimeSeconds: 2_592, final: true, creditPercent: 0, monthToDate: null, backfilled: false }],
      incidents: { critical: 1, high: 2, medium: 0, low: 0 },
      // #4 has no report (overdue); #2 and #5 on time.
      targets: { responseMet: 3, responseTotal: 3, resolutionMet: 3, resolutionTotal: 3, reportsOnTime: 2, reportsDue: 3 },
      backfilled: false,
    });
  });

  it('web: created mid-month, 15 days observed (1,296,000 s); partial 4 h → 4,320 s → 99.666… % → 10 %', () => {
    const web = service(r, 'web');
    expect(web).toMatchObject({
      observedSeconds: 1_296_000,
      slaUptimePercent: pct(1_296_000, 4_320),
      slaDowntimeSeconds: 4_320,
      creditPercent: 10,
      incidents: { critical: 0, high: 0, medium: 1, low: 1 },
      targets: { responseMet: 2, responseTotal: 2, resolutionMet: 2, resolutionTotal: 2, reportsOnTime: 0, reportsDue: 2 },
      backfilled: false,
    });
    expect(web.downtimeSeconds).toBeCloseTo(4_320, 6);
    expect(web.uptimePercent).toBeCloseTo(99.666666667, 8);
  });

  it('db: November share of the boundary incident (7,200 s) + overrun (1,800 s) + short-notice window (3,600 s) = 12,600 s → 10 %', () => {
    expect(service(r, 'db')).toMatchObject({
      observedSeconds: 2_592_000,
      uptimePercent: (1 - 7_200 / 2_592_000) * 100, // maintenance weighs 0 in plain uptime
      downtimeSeconds: 7_200,
      slaUptimePercent: pct(2_592_000, 12_600), // 99.513888…
      slaDowntimeSeconds: 12_600,
      creditPercent: 10,
      incidents: { critical: 1, high: 0, medium: 0, low: 0 },
    });
  });

  it('staging (slaCovered false): plain uptime only, every SLA figure null; backfilled incident marked', () => {
    expect(service(r, 'staging')).toEqual({
      id: ids.staging,
      slug: 'staging',
      name: 'Staging',
      slaCovered: false,
      observedSeconds: 2_592_000,
      uptimePercent: (1 - 3_600 / 2_592_000) * 100,
      slaUptimePercent: null,
      downtimeSeconds: 3_600,
      slaDowntimeSeconds: null,
      creditPercent: null,
      months: [{ key: '2026-11', observedSeconds: 2_592_000, uptimePercent: (1 - 3_600 / 2_592_000) * 100, downtimeSeconds: 3_600, slaUptimePercent: null, slaDowntimeSeconds: null, final: true, creditPercent: null, monthToDate: null, backfilled: true }],
      incidents: { critical: 0, high: 0, medium: 1, low: 0 },
      targets: { responseMet: 0, responseTotal: 1, resolutionMet: 1, resolutionTotal: 1, reportsOnTime: 0, reportsDue: 1 },
      backfilled: true,
    });
  });

  it('lists every incident whose impact overlaps the month, by start', () => {
    expect(r.incidents.map((i) => [i.id, i.title, i.severity, i.startedAt, i.responseSeconds, i.responseTargetSeconds, i.responseMet, i.resolutionSeconds, i.resolutionTargetSeconds, i.resolutionMet, i.reportState, i.backfilled])).toEqual([
      [ids.spanning, 'DB "primary" down, failover', 'critical', '2026-10-31T22:00:00.000Z', 300, 900, true, 10_800, 14_400, true, 'published_on_time', false],
      [ids.apiCritical, 'API errors', 'critical', '2026-11-03T10:00:00.000Z', 600, 900, true, 1_392, 14_400, true, 'published_on_time', false],
      [ids.staging1, 'Staging down', 'medium', '2026-11-05T00:00:00.000Z', 16_200, 14_400, false, 17_100, 86_400, true, 'overdue', true],
      [ids.ddos, 'DDoS', 'high', '2026-11-10T08:00:00.000Z', 300, 3_600, true, 7_200, 28_800, true, 'overdue', false],
      [ids.overlap, 'Load balancer', 'high', '2026-11-10T09:30:00.000Z', 0, 3_600, true, 3_000, 28_800, true, 'published_on_time', false],
      // responseSeconds in business seconds: 45 min; resolution wall-clock to the first monitoring: 66 h 30 min.
      [ids.low, 'Slow search', 'low', '2026-11-20T15:30:00.000Z', 2_700, 28_800, true, 239_400, 259_200, true, 'published_late', false],
      [ids.partial, 'Partial outage', 'medium', '2026-11-25T10:00:00.000Z', 1_800, 14_400, true, 14_400, 86_400, true, 'overdue', false],
    ]);
  });

  it('incident details: deadlines, exclusion, services, report due', () => {
    expect(r.incidents.find((i) => i.id === ids.low)).toEqual({
      id: ids.low,
      title: 'Slow search',
      severity: 'low',
      status: 'resolved',
      startedAt: '2026-11-20T15:30:00.000Z',
      createdAt: '2026-11-23T08:15:00.000Z',
      resolvedAt: '2026-11-23T12:00:00.000Z',
      serviceIds: [ids.web],
      slaExclusion: null,
      responseSeconds: 2_700,
      responseTargetSeconds: 28_800,
      responseBusinessHours: true,
      responseMet: true,
      responseDeadline: '2026-11-23T15:30:00.000Z', // Monday 16:30 CET
      resolutionSeconds: 239_400,
      resolutionTargetSeconds: 259_200,
      resolutionMet: true,
      resolutionState: 'met',
      resolutionDeadline: '2026-11-23T15:30:00.000Z', // 72 h wall-clock
      resolutionRemainingSeconds: null,
      reportState: 'published_late',
      reportDueAt: '2026-11-25T12:00:00.000Z',
      reportPublishedAt: '2026-11-26T12:00:00.000Z',
      backfilled: false,
    });
    expect(r.incidents.find((i) => i.id === ids.ddos)).toMatchObject({ slaExclusion: 'ddos', serviceIds: [ids.api] });
  });

  it('totals', () => {
    // Responses: all but staging's; resolutions: all 7; reports: 3 on time (#1, #2, #5) of 7 due.
    expect(r.totals).toEqual({ incidents: 7, responseMet: 6, responseTotal: 7, resolutionMet: 7, resolutionTotal: 7, reportsOnTime: 3, reportsDue: 7 });
  });

  it('lists the maintenance that was in progress, with its notice', () => {
    expect(r.maintenances).toEqual([
      { id: ids.m1, title: 'Upgrade', serviceIds: [ids.db], announcedAt: '2026-11-12T01:00:00.000Z', scheduledStart: '2026-11-14T01:00:00.000Z', scheduledEnd: '2026-11-14T03:00:00.000Z', actualStart: '2026-11-14T01:00:00.000Z', actualEnd: '2026-11-14T03:30:00.000Z', noticeSeconds: 172_800, announcedInTime: true, excusedSeconds: 7_200, countedSeconds: 1_800, backfilled: false },
      { id: ids.m2, title: 'Patch', serviceIds: [ids.db], announcedAt: '2026-11-19T01:01:00.000Z', scheduledStart: '2026-11-21T01:00:00.000Z', scheduledEnd: '2026-11-21T02:00:00.000Z', actualStart: '2026-11-21T01:00:00.000Z', actualEnd: '2026-11-21T02:00:00.000Z', noticeSeconds: 172_740, announcedInTime: false, excusedSeconds: 0, countedSeconds: 3_600, backfilled: false },
    ]);
  });
});

describe('buildReport: October 2026 (745 h) and the incident spanning into November', () => {
  it('counts only the October hour of the boundary incident; web did not exist yet', () => {
    const r = buildReport(ctx, '2026-10')!;
    expect(r.services.map((s) => [s.slug, s.observedSeconds, s.slaUptimePercent, s.slaDowntimeSeconds, s.creditPercent])).toEqual([
      ['api', 2_682_000, 100, 0, 0],
      ['db', 2_682_000, pct(2_682_000, 3_600), 3_600, 10], // 99.865771…
      ['staging', 2_682_000, null, null, null],
    ]);
    expect(r.incidents.map((i) => i.id)).toEqual([ids.spanning]);
    expect(r.maintenances).toEqual([]);
  });
});

describe('buildReport: quarter and year', () => {
  it('Q4 2026: SLA uptime over the summed months; credits per month, none for the quarter', () => {
    const r = buildReport(ctx, '2026-Q4')!;
    expect(r.period).toMatchObject({ kind: 'quarter', key: '2026-Q4', start: '2026-09-30T22:00:00.000Z', end: '2026-12-31T23:00:00.000Z', previous: '2026-Q3', next: '2027-Q1' });
    const row = (slug: string) => {
      const s = service(r, slug);
      return [s.observedSeconds, s.slaUptimePercent, s.slaDowntimeSeconds, s.creditPercent, s.months.map((m) => [m.key, m.slaUptimePercent, m.creditPercent])];
    };
    expect(row('api')).toEqual([
      7_952_400,
      pct(7_952_400, 2_592), // 99.967406…
      2_592,
      null,
      [
        ['2026-10', 100, 0],
        ['2026-11', 99.9, 0],
        ['2026-12', 100, 0],
      ],
    ]);
    expect(row('db')).toEqual([
      7_952_400,
      pct(7_952_400, 16_200), // (3,600 + 12,600) → 99.796288…
      16_200,
      null,
      [
        ['2026-10', pct(2_682_000, 3_600), 10],
        ['2026-11', pct(2_592_000, 12_600), 10],
        ['2026-12', 100, 0],
      ],
    ]);
    // web: 15 days of November + December = 1,296,000 + 2,678,400 = 3,974,400 s.
    expect(row('web')).toEqual([
      3_974_400,
      pct(3_974_400, 4_320),
      4_320,
      null,
      [
        ['2026-10', null, null],
        ['2026-11', pct(1_296_000, 4_320), 10],
        ['2026-12', 100, 0],
      ],
    ]);
    expect(row('staging')).toEqual([7_952_400, null, null, null, [['2026-10', null, null], ['2026-11', null, null], ['2026-12', null, null]]]);
    expect(r.totals.incidents).toBe(7);
  });

  it('2026: 31,536,000 s for api; db observed from October only', () => {
    const r = buildReport(ctx, '2026')!;
    const api = service(r, 'api');
    expect([api.observedSeconds, api.slaUptimePercent, api.creditPercent, api.months.length]).toEqual([31_536_000, pct(31_536_000, 2_592), null, 12]);
    expect(api.months.map((m) => m.creditPercent)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    const db = service(r, 'db');
    expect([db.observedSeconds, db.slaUptimePercent]).toEqual([7_952_400, pct(7_952_400, 16_200)]);
    expect(db.months.map((m) => m.creditPercent)).toEqual([null, null, null, null, null, null, null, null, null, 10, 10, 0]);
  });
});

describe('the running month and the live /sla figures', () => {
  it('January 2027 so far: 229 h observed; the open incident counts up to now; figures against the whole month', () => {
    // 1 Jan 00:00 CET (2026-12-31T23:00Z) → 2027-01-10T12:00Z = 9 days 13 h = 824,400 s; open major 4 h = 14,400 s.
    // January has 31 days = 2,678,400 s: month to date api would read 98.25 % → 25 %; over the whole
    // month it can end no better than 99.46 %: past the 99.9 % budget (2,678.4 s), so 10 % is
    // certain, and 26,784 − 14,400 = 12,384 s are left before 99.0 %.
    const r = currentSla(ctx);
    expect(r).toEqual(buildReport(ctx, '2027-01'));
    expect(r.period).toMatchObject({ key: '2027-01', complete: false, next: null });
    expect(service(r, 'api')).toMatchObject({ observedSeconds: 824_400, slaUptimePercent: pct(2_678_400, 14_400), slaDowntimeSeconds: 14_400, creditPercent: null });
    expect(service(r, 'api').months[0]).toMatchObject({ final: false, creditPercent: null });
    expect(service(r, 'api').months[0]!.monthToDate).toEqual({
      downtimeSeconds: 14_400,
      certainCreditPercent: 10,
      tiers: [
        { uptimePercent: 99.9, creditPercentIfBroken: 10, budgetSeconds: 2_678.4, leftSeconds: -11_721.6, broken: true },
        { uptimePercent: 99, creditPercentIfBroken: 25, budgetSeconds: 26_784, leftSeconds: 12_384, broken: false },
        { uptimePercent: 98, creditPercentIfBroken: 50, budgetSeconds: 53_568, leftSeconds: 39_168, broken: false },
      ],
    });
    expect(service(r, 'db')).toMatchObject({ observedSeconds: 824_400, slaUptimePercent: 100, creditPercent: null });
    expect(service(r, 'db').months[0]!.monthToDate).toMatchObject({ downtimeSeconds: 0, certainCreditPercent: 0 });
    expect(r.incidents).toHaveLength(1);
    expect(r.incidents[0]).toMatchObject({ id: ids.open, responseSeconds: 0, responseMet: true, resolutionSeconds: null, resolutionMet: null, resolutionState: 'pending', resolutionRemainingSeconds: 14_400, resolutionDeadline: '2027-01-10T16:00:00.000Z', reportState: 'not_due', reportDueAt: null });
    expect(r.totals).toEqual({ incidents: 1, responseMet: 1, responseTotal: 1, resolutionMet: 0, resolutionTotal: 0, reportsOnTime: 0, reportsDue: 0 });
  });

  it('as of 11 November 00:00 CET: 10 days observed, later rows not yet visible', () => {
    clock.now = at('2026-11-10T23:00:00Z');
    try {
      const r = currentSla(ctx);
      expect(r.period.key).toBe('2026-11');
      // api: 1,392 + 1,200 = 2,592 s: month to date (864,000 s) that would read 99.7 % → 10 %; over
      // the whole of November it is exactly the 99.9 % budget: no credit certain, 0 s left.
      // web starts on the 16th: absent.
      expect(r.services.map((s) => s.slug)).toEqual(['api', 'db', 'staging']);
      expect(service(r, 'api')).toMatchObject({ observedSeconds: 864_000, slaUptimePercent: 99.9, creditPercent: null });
      expect(service(r, 'api').months[0]!.monthToDate).toMatchObject({ downtimeSeconds: 2_592, certainCreditPercent: 0 });
      expect(service(r, 'api').months[0]!.monthToDate!.tiers[0]).toMatchObject({ leftSeconds: 0, broken: false });
      expect(service(r, 'db')).toMatchObject({ slaDowntimeSeconds: 7_200 }); // the boundary incident only
      expect(r.incidents.map((i) => i.id)).toEqual([ids.spanning, ids.apiCritical, ids.staging1, ids.ddos, ids.overlap]);
    } finally {
      clock.now = NOW;
    }
  });
});

describe('keys', () => {
  it.each(['2026-13', '2026-q4', 'latest', ''])('invalid %j → undefined', (key) => {
    expect(buildReport(ctx, key)).toBeUndefined();
  });
  it('a period that has not started → undefined; one that has → a report', () => {
    expect(buildReport(ctx, '2027-02')).toBeUndefined();
    expect(buildReport(ctx, '2027-Q1')?.period.complete).toBe(false);
  });
  it('reportIndex lists periods from the first service start', () => {
    const index = reportIndex(ctx);
    expect(index.years).toEqual(['2027', '2026']);
    expect(index.months[0]).toBe('2027-01');
    expect(index.months.at(-1)).toBe('2026-01');
  });
});

describe('reportCsv', () => {
  it('October 2026: RFC 4180, one row per service-month, then the incidents', () => {
    const csv = reportCsv(buildReport(ctx, '2026-10')!);
    const empty = (n: number) => Array(n).fill('');
    const lines = [
      'record,service,service_name,month,sla_covered,uptime_percent,downtime_seconds,sla_uptime_percent,sla_downtime_seconds,credit_percent,month_final,incident_id,title,severity,started_at,response_seconds,response_target_seconds,response_met,resolution_seconds,resolution_target_seconds,resolution_met,report_state,sla_exclusion,backfilled',
      ['service_month', 'api', 'API', '2026-10', 'true', '100', '0', '100', '0', '0', 'true', ...empty(12), 'false'].join(','),
      ['service_month', 'db', 'Database', '2026-10', 'true', String((1 - 3_600 / 2_682_000) * 100), '3600', String(pct(2_682_000, 3_600)), '3600', '10', 'true', ...empty(12), 'false'].join(','),
      ['service_month', 'staging', 'Staging', '2026-10', 'false', '100', '0', '', '', '', 'true', ...empty(12), 'false'].join(','),
      ['incident', 'db', ...empty(9), String(ids.spanning), '"DB ""primary"" down, failover"', 'critical', '2026-10-31T22:00:00.000Z', '300', '900', 'true', '10800', '14400', 'true', 'published_on_time', '', 'false'].join(','),
    ];
    expect(csv).toBe(lines.join('\r\n') + '\r\n');
    expect(csv.split('\r\n')[2]).toMatch(/^service_month,db,Database,2026-10,true,99\.8657718120805\d*,3600,99\.8657718120805\d*,3600,10,true,/);
    // Every row has the header's 24 fields (the quoted title holds a comma).
    for (const line of lines) expect(line.replace(/"[^"]*(""[^"]*)*"/g, 'x').split(',')).toHaveLength(24);
  });

  it('November: the backfilled incident and service-month are marked', () => {
    const csv = reportCsv(buildReport(ctx, '2026-11')!);
    const rows = csv.trimEnd().split('\r\n');
    expect(rows).toHaveLength(1 + 4 + 7); // header, 4 services × 1 month, 7 incidents
    expect(rows.find((l) => l.startsWith('service_month,staging,'))!.endsWith(',true')).toBe(true);
    expect(rows.find((l) => l.startsWith(`incident,staging,`))).toBe(['incident', 'staging', ...Array(9).fill(''), String(ids.staging1), 'Staging down', 'medium', '2026-11-05T00:00:00.000Z', '16200', '14400', 'false', '17100', '86400', 'true', 'overdue', '', 'true'].join(','));
    expect(rows.find((l) => l.startsWith('incident,api,') && l.includes(',DDoS,'))!.endsWith(',ddos,false')).toBe(true);
  });

  it('a year has 12 rows per service', () => {
    const rows = reportCsv(buildReport(ctx, '2026')!).trimEnd().split('\r\n');
    expect(rows.filter((l) => l.startsWith('service_month,api,'))).toHaveLength(12);
  });
});

describe('incidentSla (incident page and admin API)', () => {
  it('takes an IncidentRecord: the low incident of 20 November', () => {
    const sla = incidentSla(ctx, getIncident(db, ids.low)!, NOW);
    expect(sla.reportState).toBe('published_late');
    expect(sla.reportDueAt).toBe(at('2026-11-25T12:00:00Z'));
    expect([sla.targets.response.state, sla.targets.response.elapsedMs, sla.targets.response.businessHours]).toEqual(['met', 45 * 60_000, true]);
    // First monitoring update (Mon 10:00Z), not the resolution: 66 h 30 min.
    expect([sla.targets.resolution.state, sla.targets.resolution.reachedAt, sla.targets.resolution.elapsedMs]).toEqual(['met', at('2026-11-23T10:00:00Z'), 66.5 * 3_600_000]);
  });

  it('an open incident: resolution pending with the time left', () => {
    const sla = incidentSla(ctx, getIncident(db, ids.open)!, NOW);
    expect([sla.targets.resolution.state, sla.targets.resolution.remainingMs, sla.reportState]).toEqual(['pending', 4 * 3_600_000, 'not_due']);
  });
});
