// SLA reports for a month (`2026-10`), quarter (`2026-Q4`) or year (`2026`) in the page's zone
// (DESIGN.md "Reports"; SLA §08: monthly uptime reports, quarterly reviews, annual summaries), the
// live figures of the /sla page, and the per-incident SLA facts (targets, report state).
//
// Per service: plain uptime (DESIGN "Uptime", the status page's computeUptime over the period's
// days), SLA uptime per month and for the period (src/domain/sla.ts), the credit tier per month
// (SLA §06), incident counts by severity, targets met and post-incident reports on time.
// Per incident: response and resolution against SLA §03/§04 (src/domain/targets.ts) and the
// post-incident report state (src/domain/reports.ts). Everything imported with a backfilled `at`
// carries `backfilled: true`, so imported history never passes for live history.
import { min } from 'drizzle-orm';
import { Temporal } from 'temporal-polyfill';
import { services as servicesTable } from '../../../db/schema.ts';
import { calendarDay } from '../../domain/calendar.ts';
import { adjacentPeriodKey, currentMonthKey, parsePeriod, recentPeriods, type Period, type RecentPeriods } from '../../domain/periods.ts';
import { reportDueAt, reportState, type ReportState } from '../../domain/reports.ts';
import { classifyMaintenance, computeSla, GUARANTEED_UPTIME_PERCENT, slaUptimePercent, sumFigures, type ExcludedInterval, type SlaFigures, type SlaMonth } from '../../domain/sla.ts';
import { runningMonth } from '../../domain/sla-running.ts';
import { firstResolutionAt, incidentTargets, type IncidentTargets } from '../../domain/targets.ts';
import type { Severity } from '../../domain/vocabulary.ts';
import type { CalendarDay, StatusInterval } from '../../domain/types.ts';
import { computeUptime } from '../../domain/uptime.ts';
import { iso } from '../../lib/time.ts';
import type { AppContext } from '../kernel/context.ts';
import { businessCalendar } from './holidays.ts';
import type { ReportServiceMonth, TargetCounts, ReportService, ReportIncident, ReportMaintenance, Report } from './report-model.ts';

import { loadReportData, type IncidentFacts, type ImpactRow, type MaintenanceRow, type ReportData, type ServiceRow } from './sla-data.ts';

function emptyCounts(): TargetCounts {
  return { responseMet: 0, responseTotal: 0, resolutionMet: 0, resolutionTotal: 0, reportsOnTime: 0, reportsDue: 0 };
}

function count(into: TargetCounts, i: ReportIncident): void {
  if (i.responseMet !== null) {
    into.responseTotal++;
    if (i.responseMet) into.responseMet++;
  }
  if (i.resolutionMet !== null) {
    into.resolutionTotal++;
    if (i.resolutionMet) into.resolutionMet++;
  }
  if (i.reportState === 'published_on_time' || i.reportState === 'published_late' || i.reportState === 'overdue') into.reportsDue++;
  if (i.reportState === 'published_on_time') into.reportsOnTime++;
}

/** The calendar days of a period, oldest first (for the plain uptime, as on the status page). */
function periodDays(period: Period): CalendarDay[] {
  const days: CalendarDay[] = [];
  const last = Temporal.PlainDate.from(`${period.months[period.months.length - 1]!.key}-01`).add({ months: 1 });
  for (let d = Temporal.PlainDate.from(`${period.months[0]!.key}-01`); Temporal.PlainDate.compare(d, last) < 0; d = d.add({ days: 1 })) {
    days.push(calendarDay(d.toString(), period.timeZone));
  }
  return days;
}

/** Index of the month containing t (months are consecutive; t inside the period). */
function monthIndex(period: Period, t: number): number {
  let i = 0;
  while (i < period.months.length - 1 && period.months[i]!.end <= t) i++;
  return i;
}

/** Marks every month of the period that [start, end) touches. */
function markMonths(period: Period, marks: boolean[], start: number, end: number): void {
  for (let i = monthIndex(period, Math.max(start, period.start)); i < period.months.length && period.months[i]!.start < end; i++) marks[i] = true;
}

function pushTo<T>(map: Map<number, T[]>, key: number, item: T): void {
  const found = map.get(key);
  if (found) found.push(item);
  else map.set(key, [item]);
}

function groupBy<T>(list: readonly T[], key: (t: T) => number): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const item of list) pushTo(map, key(item), item);
  return map;
}

/** The SLA facts of one incident: targets (SLA §03/§04) and the post-incident report (SLA §08). */
export interface IncidentSlaInput {
  severity: Severity;
  startedAt: number;
  createdAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  /** Its timeline (any order); only status and time matter. */
  updates: Iterable<{ status: string; createdAt: number }>;
  report: { publishedAt: number | null } | null;
}

export interface IncidentSla {
  targets: IncidentTargets;
  reportState: ReportState;
  reportDueAt: number | null;
}

/** For the incident page and the admin API (an IncidentRecord from incidents-read.ts fits). */
export function incidentSla(ctx: Pick<AppContext, 'config'>, incident: IncidentSlaInput, now: number): IncidentSla {
  const firstResolution = firstResolutionAt(incident.updates, incident.monitoringAt, incident.resolvedAt);
  return {
    targets: incidentTargets({ severity: incident.severity, startedAt: incident.startedAt, createdAt: incident.createdAt, firstResolutionAt: firstResolution }, now, businessCalendar(ctx)),
    reportState: reportState(incident.resolvedAt, incident.report?.publishedAt ?? null, now),
    reportDueAt: reportDueAt(incident.resolvedAt),
  };
}

function reportIncident(ctx: AppContext, f: IncidentFacts, serviceIds: number[], now: number): ReportIncident {
  const sla = incidentSla(ctx, { ...f, updates: f.firstResolutionUpdateAt === null ? [] : [{ status: 'resolved', createdAt: f.firstResolutionUpdateAt }], report: f.hasReport ? { publishedAt: f.reportPublishedAt } : null }, now);
  const { response, resolution } = sla.targets;
  return {
    id: f.id,
    title: f.title,
    severity: f.severity,
    status: f.status,
    startedAt: iso(f.startedAt),
    createdAt: iso(f.createdAt),
    resolvedAt: iso(f.resolvedAt),
    serviceIds,
    slaExclusion: f.slaExclusionCause,
    // Business seconds where the target is in business hours (low severity), else wall-clock.
    responseSeconds: (response.elapsedMs ?? 0) / 1000,
    responseTargetSeconds: response.targetMs / 1000,
    responseBusinessHours: response.businessHours,
    responseMet: response.state === 'pending' ? null : response.state === 'met',
    responseDeadline: iso(response.deadline),
    resolutionSeconds: resolution.elapsedMs === null ? null : resolution.elapsedMs / 1000,
    resolutionTargetSeconds: resolution.targetMs / 1000,
    resolutionMet: resolution.state === 'pending' ? null : resolution.state === 'met',
    resolutionState: resolution.state,
    resolutionDeadline: iso(resolution.deadline),
    resolutionRemainingSeconds: resolution.remainingMs === null ? null : resolution.remainingMs / 1000,
    reportState: sla.reportState,
    reportDueAt: iso(sla.reportDueAt),
    reportPublishedAt: iso(f.reportPublishedAt),
    backfilled: f.backfilled,
  };
}

function reportMaintenance(m: MaintenanceRow, period: Period, now: number): ReportMaintenance {
  const c = classifyMaintenance(m, now);
  const to = Math.min(period.end, now);
  const inside = (spans: { start: number; end: number }[]) => spans.reduce((s, x) => s + Math.max(0, Math.min(x.end, to) - Math.max(x.start, period.start)), 0) / 1000;
  return {
    id: m.id,
    title: m.title,
    serviceIds: m.serviceIds,
    announcedAt: iso(m.announcedAt),
    scheduledStart: iso(m.scheduledStart),
    scheduledEnd: iso(m.scheduledEnd),
    actualStart: iso(m.actualStart),
    actualEnd: iso(m.actualEnd),
    noticeSeconds: c.noticeMs / 1000,
    announcedInTime: c.announcedInTime,
    excusedSeconds: inside(c.available),
    countedSeconds: inside(c.downtime),
    backfilled: m.backfilled,
  };
}

/**
 * The report for a period key, as of now; undefined for an invalid key or a period that has not
 * started yet. A running period is reported up to now (its denominators end at now).
 */
/** The report's rows, indexed once for the per-service pass. */
interface ReportIndex {
  period: Period;
  now: number;
  days: CalendarDay[];
  facts: Map<number, IncidentFacts>;
  incidentsById: Map<number, ReportIncident>;
  impactsByService: Map<number, ImpactRow[]>;
  maintenancesByService: Map<number, MaintenanceRow[]>;
  exclusionsByService: Map<number, ExcludedInterval[]>;
}

export function buildReport(ctx: AppContext, key: string): Report | undefined {
  const now = ctx.clock();
  const period = parsePeriod(key, ctx.config.timeZone);
  if (!period || period.start > now) return undefined;
  // Instants strictly after now hold nothing yet; +1 keeps an event at exactly `now` inside.
  const to = Math.min(period.end, now + 1);
  const data = loadReportData(ctx.db, period.start, to);

  const impactsByIncident = groupBy(data.impacts, (i) => i.incidentId);
  const incidentsOut = data.incidents.map((f) =>
    reportIncident(ctx, f, [...new Set((impactsByIncident.get(f.id) ?? []).map((i) => i.serviceId))].sort((a, b) => a - b), now),
  );
  const totals = { incidents: incidentsOut.length, ...emptyCounts() };
  for (const i of incidentsOut) count(totals, i);

  const index = indexReportData(data, period, now, incidentsOut);
  // A service that has not started yet has nothing observed.
  const servicesOut = data.services.filter((row) => row.startDate < to).map((row) => reportService(row, index));

  const next = adjacentPeriodKey(period, 1);
  return {
    period: {
      kind: period.kind,
      key: period.key,
      start: iso(period.start),
      end: iso(period.end),
      timeZone: period.timeZone,
      months: period.months.map((m) => ({ key: m.key, start: iso(m.start), end: iso(m.end) })),
      complete: period.end <= now,
      previous: adjacentPeriodKey(period, -1) ?? null,
      next: next !== undefined && period.end <= now ? next : null,
    },
    generatedAt: iso(now),
    guaranteePercent: GUARANTEED_UPTIME_PERCENT,
    services: servicesOut,
    incidents: incidentsOut,
    maintenances: data.maintenances.map((m) => reportMaintenance(m, period, now)),
    totals,
  };
}

function indexReportData(data: ReportData, period: Period, now: number, incidentsOut: ReportIncident[]): ReportIndex {
  const maintenancesByService = new Map<number, MaintenanceRow[]>();
  for (const m of data.maintenances) for (const s of m.serviceIds) pushTo(maintenancesByService, s, m);
  // SLA exclusion (b): the open time of an excluded incident, for each service it affected.
  const exclusionsByService = new Map<number, ExcludedInterval[]>();
  for (const f of data.incidents) {
    if (f.slaExclusionCause === null) continue;
    for (const s of data.excludedServices.get(f.id) ?? []) pushTo(exclusionsByService, s, { incidentId: f.id, start: f.startedAt, end: f.resolvedAt });
  }
  return {
    period,
    now,
    days: periodDays(period),
    facts: new Map(data.incidents.map((f) => [f.id, f])),
    incidentsById: new Map(incidentsOut.map((i) => [i.id, i])),
    impactsByService: groupBy(data.impacts, (i) => i.serviceId),
    maintenancesByService,
    exclusionsByService,
  };
}

/** Plain uptime, exactly as the status page computes it (maintenance weighs 0), in total and per month. */
function plainUptime(row: ServiceRow, impacts: readonly ImpactRow[], maints: readonly MaintenanceRow[], days: CalendarDay[], now: number) {
  const intervals: StatusInterval[] = impacts.map((i) => ({ serviceId: row.id, status: i.status, start: i.start, end: i.end, incidentId: i.incidentId }));
  for (const m of maints) intervals.push({ serviceId: row.id, status: 'under_maintenance', start: m.actualStart!, end: m.actualEnd, maintenanceId: m.id });
  const total = computeUptime({ intervals, observedFrom: row.startDate, days, now });
  const byMonth = new Map<string, { observed: number; downtime: number }>();
  for (const d of total.days) {
    const k = d.date.slice(0, 7);
    const acc = byMonth.get(k) ?? { observed: 0, downtime: 0 };
    acc.observed += d.observedSeconds;
    acc.downtime += d.downtimeSeconds;
    byMonth.set(k, acc);
  }
  return { total, byMonth };
}

/** A month's figures against its contractual denominator (the whole month ∩ covered time). */
function contractFigures(s: SlaMonth): SlaFigures {
  return { observedMs: s.contractMs, downtimeTenthMs: s.downtimeTenthMs };
}

function reportService(row: ServiceRow, x: ReportIndex): ReportService {
  const { period, now } = x;
  const impacts = x.impactsByService.get(row.id) ?? [];
  const maints = x.maintenancesByService.get(row.id) ?? [];
  const observedUntil = row.archivedAt;
  const plain = plainUptime(row, impacts, maints, x.days, Math.min(now, observedUntil ?? Infinity));
  const slaMonths = row.slaCovered
    ? computeSla({ months: period.months, observedFrom: row.startDate, observedUntil, now, impacts, exclusions: x.exclusionsByService.get(row.id) ?? [], maintenances: maints })
    : null;

  const backfilledMonths = period.months.map(() => false);
  for (const i of impacts) if (x.facts.get(i.incidentId)?.backfilled) markMonths(period, backfilledMonths, i.start, i.end ?? now);
  for (const m of maints) if (m.backfilled) markMonths(period, backfilledMonths, m.actualStart!, m.actualEnd ?? now);

  const months: ReportServiceMonth[] = period.months.map((m, idx) => {
    const p = plain.byMonth.get(m.key) ?? { observed: 0, downtime: 0 };
    const s = slaMonths?.[idx];
    const final = m.end <= now;
    const observed = s !== undefined && s.observedMs > 0;
    return {
      key: m.key,
      observedSeconds: p.observed,
      uptimePercent: p.observed > 0 ? (1 - p.downtime / p.observed) * 100 : null,
      downtimeSeconds: p.downtime,
      slaUptimePercent: observed ? slaUptimePercent(contractFigures(s)) : null,
      slaDowntimeSeconds: observed ? s.slaDowntimeSeconds : null,
      final,
      creditPercent: final ? (s?.creditPercent ?? null) : null,
      monthToDate: !final && observed ? runningMonth(s) : null,
      backfilled: backfilledMonths[idx]!,
    };
  });

  // A quarter or year that includes the running month counts that month at its contractual length
  // too (months not begun yet are left out), so its figure is the best the months so far can end at
  // (issue 13), never a month-to-date ratio.
  const sum = slaMonths ? sumFigures(slaMonths.filter((s) => s.observedMs > 0).map(contractFigures)) : null;
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  const targets = emptyCounts();
  for (const id of new Set(impacts.map((i) => i.incidentId))) {
    const f = x.facts.get(id);
    const out = x.incidentsById.get(id);
    if (!f || !out) continue;
    counts[f.severity]++;
    count(targets, out);
  }

  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    slaCovered: row.slaCovered,
    observedSeconds: plain.total.observedSeconds,
    uptimePercent: plain.total.uptimePercent,
    slaUptimePercent: sum ? slaUptimePercent(sum) : null,
    downtimeSeconds: plain.total.downtimeSeconds,
    slaDowntimeSeconds: sum && sum.observedMs > 0 ? sum.downtimeTenthMs / 10_000 : null,
    // Credits are earned per calendar month (SLA §02 "maandelijks gemeten", §06): a quarter or a
    // year has no credit of its own; its months carry theirs.
    creditPercent: period.kind === 'month' ? (months[0]!.creditPercent ?? null) : null,
    months,
    incidents: counts,
    targets,
    backfilled: backfilledMonths.some(Boolean),
  };
}

/** This month's live figures per service (the /sla page): the running month, up to now. */
export function currentSla(ctx: AppContext): Report {
  return buildReport(ctx, currentMonthKey(ctx.clock(), ctx.config.timeZone))!;
}

/** The periods the /reports index can link to, newest first (from the earliest service start). */
export function reportIndex(ctx: AppContext): RecentPeriods {
  const first = ctx.db.select({ t: min(servicesTable.startDate) }).from(servicesTable).get()?.t ?? null;
  return recentPeriods(ctx.clock(), ctx.config.timeZone, first);
}
