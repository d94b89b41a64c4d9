// SLA uptime per covered service per calendar month, and the service credit it earns
// (DESIGN.md "SLA uptime"; Sensey SLA §02 uptime guarantee, §06 service credits, §07 exclusions).
//
// Per instant, a service's counted downtime weight is:
//   0  while the instant is "counted as available" (whatever else happens then):
//      (a) a maintenance window announced ≥ 48 h before its scheduled start (SLA §02 "gepland
//          onderhoud (48 uur van tevoren aangekondigd)"), within [scheduledStart, scheduledEnd] only —
//          and only while the work was actually in progress (a window that never started or was
//          cancelled beforehand excuses nothing: there was no planned maintenance to excuse);
//      (b) the open time [startedAt, resolvedAt or now) of an incident with an `slaExclusion` (§02
//          overmacht, klantacties, diensten van derden; §07 DDoS-aanvallen, beveiligingsincidenten),
//          for the services that incident affected. DESIGN counts "these periods as available", so
//          an ordinary incident overlapping an excluded one does not count during the overlap
//          (during a DDoS, nobody can tell the DDoS's impact from the rest); it counts again as
//          soon as the excluded incident is resolved.
//   otherwise the worst of, counted once:
//      1    major_outage of an incident (DESIGN "Uptime" weights, the Statuspage rule);
//      0.3  partial_outage;
//      0    degraded_performance;
//      1    maintenance in progress that is not excused: all of a window announced < 48 h ahead, and
//           the parts of a ≥ 48 h window outside its announced window (an overrun past
//           scheduledEnd, or work begun before scheduledStart), from actualStart to actualEnd (or now).
//
// Denominator: the whole calendar month; only the observed part when the service started during
// the month (or was archived during it); for the running month, the month so far (up to `now`),
// so the live figure is what the month would be if it ended now.
// SLA uptime = 1 − counted downtime / denominator.
//
// Exactness: instants are integer milliseconds and weights are held in tenths (10 / 3 / 0), so the
// counted downtime is an exact integer number of tenths of a millisecond. Credit tiers are decided by
// integer comparisons, never by a float that could land a hair below 99.9; percentages are produced
// with a single rounding, so exactly 2,592 s of major outage in a 30-day month reads 99.9.
//
// One sweep over the interval boundaries and month boundaries: cost linear in intervals and months
// (after sorting), so a year costs about twelve months.
import type { PeriodMonth } from './periods.ts';
import { noticeGiven } from './notice.ts';
import type { Impact } from './vocabulary.ts';

/** DESIGN "Uptime" weights ×10 (major 1, partial 0.3, degraded 0), as integers. */
export const WEIGHT_TENTHS: Record<Impact, number> = { major_outage: 10, partial_outage: 3, degraded_performance: 0 };
/** Unexcused maintenance counts as full downtime (DESIGN "SLA uptime": "weight 1 while in progress"). */
export const MAINTENANCE_WEIGHT_TENTHS = 10;

export type CreditPercent = 0 | 10 | 25 | 50;

/**
 * SLA §06: 99.0–99.9 % → 10 %, 98.0–99.0 % → 25 %, below 98.0 % → 50 %; at or above the 99.9 %
 * guarantee (§02) nothing. Each bound belongs to the better tier (DESIGN: "≥ 99.0 % and < 99.9 % →
 * 10 %"). Thresholds in per mille so they are integers.
 */
export const CREDIT_TIERS: readonly { minUptimePermille: number; creditPercent: CreditPercent }[] = [
  { minUptimePermille: 999, creditPercent: 0 },
  { minUptimePermille: 990, creditPercent: 10 },
  { minUptimePermille: 980, creditPercent: 25 },
];
export const LOWEST_CREDIT: CreditPercent = 50;
/** The guarantee itself (SLA §02), for charts. */
export const GUARANTEED_UPTIME_PERCENT = 99.9;

export interface SlaImpactInterval {
  status: Impact;
  start: number;
  /** null = still in force. */
  end: number | null;
  incidentId?: number;
}

/** The open time of an incident with an slaExclusion, for one service it affected. */
export interface ExcludedInterval {
  incidentId?: number;
  start: number;
  /** null = still open. */
  end: number | null;
}

export interface SlaMaintenance {
  maintenanceId?: number;
  announcedAt: number;
  scheduledStart: number;
  scheduledEnd: number;
  /** null = never started (nothing is counted, either way). */
  actualStart: number | null;
  /** null = still in progress. */
  actualEnd: number | null;
}

export interface SlaInput {
  /** Consecutive calendar months, oldest first. */
  months: readonly PeriodMonth[];
  /** The service's start: observed time begins here. */
  observedFrom: number;
  /** Observed time ends here (e.g. the service was archived); null/undefined = no end. */
  observedUntil?: number | null;
  now: number;
  impacts: readonly SlaImpactInterval[];
  exclusions: readonly ExcludedInterval[];
  maintenances: readonly SlaMaintenance[];
}

/** Exact figures: integers, so sums over months stay exact. */
export interface SlaFigures {
  /** Denominator in ms. */
  observedMs: number;
  /** Counted downtime in tenths of a millisecond (weight tenths × ms). */
  downtimeTenthMs: number;
}

export interface SlaMonth extends SlaFigures {
  key: string;
  /** The month is over at `now`: its figures are the contractual ones. */
  final: boolean;
  /**
   * The denominator the month will have once it is over: the whole month, or its covered part when
   * the service starts or is archived during it. Equals observedMs for a final month.
   */
  contractMs: number;
  observedSeconds: number;
  slaDowntimeSeconds: number;
  /** Unrounded, 0..100; null without observed time. */
  slaUptimePercent: number | null;
  creditPercent: CreditPercent | null;
}

interface Span {
  start: number;
  end: number;
}

export interface MaintenanceClassification {
  noticeMs: number;
  /** Announced at least 48 h before the scheduled start. */
  announcedInTime: boolean;
  /** In-progress time counted as available. */
  available: Span[];
  /** In-progress time counted as downtime with weight 1. */
  downtime: Span[];
}

/** Splits a maintenance window's in-progress time [actualStart, actualEnd or now) by the rules above. */
export function classifyMaintenance(m: SlaMaintenance, now: number): MaintenanceClassification {
  const { noticeMs, met: announcedInTime } = noticeGiven(m);
  const result: MaintenanceClassification = { noticeMs, announcedInTime, available: [], downtime: [] };
  if (m.actualStart === null) return result;
  const start = m.actualStart;
  const end = m.actualEnd ?? Math.max(now, start);
  const push = (list: Span[], s: number, e: number) => {
    if (e > s) list.push({ start: s, end: e });
  };
  if (!announcedInTime) {
    push(result.downtime, start, end);
    return result;
  }
  push(result.downtime, start, Math.min(end, m.scheduledStart)); // begun early
  push(result.available, Math.max(start, m.scheduledStart), Math.min(end, m.scheduledEnd));
  push(result.downtime, Math.max(start, m.scheduledEnd), end); // overrun
  return result;
}

// Event kinds for the sweep: index into the counters.
const AVAILABLE = 0;
const W10 = 1;
const W3 = 2;

/** Counted downtime and denominators per month for one service. */
export function computeSla(input: SlaInput): SlaMonth[] {
  const { months, now } = input;
  if (months.length === 0) return [];
  const observedEnd = Math.min(now, input.observedUntil ?? Infinity);
  const figures: SlaFigures[] = months.map((m) => ({
    observedMs: Math.max(0, Math.min(m.end, observedEnd) - Math.max(m.start, input.observedFrom)),
    downtimeTenthMs: 0,
  }));
  const from = Math.max(months[0]!.start, input.observedFrom);
  const to = Math.min(months[months.length - 1]!.end, observedEnd);

  const events: { at: number; kind: number; delta: 1 | -1 }[] = [];
  const add = (start: number, end: number, kind: number) => {
    const s = Math.max(start, from);
    const e = Math.min(end, to);
    if (e > s) events.push({ at: s, kind, delta: 1 }, { at: e, kind, delta: -1 });
  };
  const excluded = new Set<number>();
  for (const x of input.exclusions) {
    if (x.incidentId !== undefined) excluded.add(x.incidentId);
    add(x.start, x.end ?? now, AVAILABLE);
  }
  for (const i of input.impacts) {
    // An excluded incident's own impact is never counted, even outside its recorded open time.
    if (i.incidentId !== undefined && excluded.has(i.incidentId)) continue;
    const w = WEIGHT_TENTHS[i.status];
    if (w > 0) add(i.start, i.end ?? now, w === 10 ? W10 : W3);
  }
  for (const m of input.maintenances) {
    const c = classifyMaintenance(m, now);
    for (const s of c.available) add(s.start, s.end, AVAILABLE);
    for (const s of c.downtime) add(s.start, s.end, W10);
  }
  events.sort((a, b) => a.at - b.at);

  const active = [0, 0, 0];
  let e = 0;
  let mi = 0;
  let cursor = from;
  while (e < events.length && events[e]!.at <= cursor) active[events[e]!.kind]! += events[e++]!.delta;
  while (cursor < to) {
    while (months[mi]!.end <= cursor) mi++;
    const segmentEnd = Math.min(months[mi]!.end, e < events.length ? events[e]!.at : Infinity, to);
    const weight = active[AVAILABLE]! > 0 ? 0 : active[W10]! > 0 ? 10 : active[W3]! > 0 ? 3 : 0;
    figures[mi]!.downtimeTenthMs += weight * (segmentEnd - cursor);
    cursor = segmentEnd;
    while (e < events.length && events[e]!.at <= cursor) active[events[e]!.kind]! += events[e++]!.delta;
  }

  const until = input.observedUntil ?? Infinity;
  return months.map((m, i) => ({
    ...monthFigures(m.key, figures[i]!),
    final: m.end <= now,
    contractMs: Math.max(0, Math.min(m.end, until) - Math.max(m.start, input.observedFrom)),
  }));
}

export function monthFigures(key: string, f: SlaFigures): Omit<SlaMonth, 'final' | 'contractMs'> {
  return {
    key,
    ...f,
    observedSeconds: f.observedMs / 1000,
    slaDowntimeSeconds: f.downtimeTenthMs / 10_000,
    slaUptimePercent: slaUptimePercent(f),
    creditPercent: creditPercent(f),
  };
}

/** Σ over months (a quarter or year: 1 − Σ counted downtime / Σ denominators). Exact. */
export function sumFigures(list: Iterable<SlaFigures>): SlaFigures {
  let observedMs = 0;
  let downtimeTenthMs = 0;
  for (const f of list) {
    observedMs += f.observedMs;
    downtimeTenthMs += f.downtimeTenthMs;
  }
  return { observedMs, downtimeTenthMs };
}

/**
 * (1 − downtime / observed) × 100, unrounded, computed as one division of exact integers
 * (10·observed − downtime)·100 / (10·observed), so the result is the double nearest the true value.
 * Integers stay below 2^53 for any period shorter than ~28 years.
 */
export function slaUptimePercent(f: SlaFigures): number | null {
  if (f.observedMs <= 0) return null;
  const whole = f.observedMs * 10;
  return ((whole - f.downtimeTenthMs) * 100) / whole;
}

/**
 * uptime ≥ p‰  ⇔  1 − D / (10·O) ≥ p / 1000  ⇔  100·(10·O − D) ≥ p·O, all integers (D in tenth-ms,
 * O in ms): the exact tier even at exactly 99.9 / 99.0 / 98.0 %.
 */
export function meetsUptime(f: SlaFigures, permille: number): boolean {
  return 100 * (f.observedMs * 10 - f.downtimeTenthMs) >= permille * f.observedMs;
}

/** SLA §06 credit tier; null without observed time. */
export function creditPercent(f: SlaFigures): CreditPercent | null {
  if (f.observedMs <= 0) return null;
  for (const tier of CREDIT_TIERS) if (meetsUptime(f, tier.minUptimePermille)) return tier.creditPercent;
  return LOWEST_CREDIT;
}
