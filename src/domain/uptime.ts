// Daily uptime and the 90-day window, per DESIGN.md "Uptime": downtime = ∫ weight dt with weights
// major 1 / partial 0.3 / degraded 0 / maintenance 0, over calendar days of the page's zone,
// observed time only from the service's start date and never in the future.
//
// One sweep over the interval boundaries and day boundaries: the cost grows with the number of
// intervals and days, never with minutes or with history outside the window.
import { DOWNTIME_WEIGHT, statusRank } from './status.ts';
import type { CalendarDay, DayUptime, ServiceStatus, ServiceUptime, StatusInterval } from './types.ts';

const BY_RANK: ServiceStatus[] = ['operational', 'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage'];

export interface UptimeInput {
  intervals: readonly StatusInterval[];
  /** Observed time starts here (the service's start date). */
  observedFrom: number;
  /** Consecutive calendar days, oldest first. */
  days: readonly CalendarDay[];
  now: number;
}

export function computeUptime({ intervals, observedFrom, days, now }: UptimeInput): ServiceUptime {
  const result: DayUptime[] = days.map((d) => ({
    date: d.date,
    uptimePercent: null,
    observedSeconds: 0,
    downtimeSeconds: 0,
    worstStatus: 'operational',
    incidentIds: [],
    maintenanceIds: [],
  }));
  if (days.length === 0) return { uptimePercent: null, observedSeconds: 0, downtimeSeconds: 0, days: result };

  const from = Math.max(days[0]!.start, observedFrom);
  const to = Math.min(days[days.length - 1]!.end, now);

  // Boundary events of every interval clipped to the observed range; +1/-1 on its status rank.
  const events: Array<{ at: number; rank: number; delta: 1 | -1 }> = [];
  for (const i of intervals) {
    const start = Math.max(i.start, from);
    const end = Math.min(i.end ?? to, to);
    if (end <= start) continue;
    const rank = statusRank(i.status);
    events.push({ at: start, rank, delta: 1 }, { at: end, rank, delta: -1 });
    markDays(result, days, start, end, i);
  }
  events.sort((a, b) => a.at - b.at);

  const active = [0, 0, 0, 0, 0];
  let e = 0;
  let dayIndex = 0;
  let cursor = from;
  // Apply the events at or before the first observed instant.
  while (e < events.length && events[e]!.at <= cursor) applyEvent(active, events[e++]!);

  while (cursor < to) {
    while (dayIndex < days.length && days[dayIndex]!.end <= cursor) dayIndex++;
    const day = days[dayIndex]!;
    const nextEvent = e < events.length ? events[e]!.at : Infinity;
    const segmentEnd = Math.min(day.end, nextEvent, to);
    const worst = BY_RANK[worstRank(active)]!;
    const seconds = (segmentEnd - cursor) / 1000;
    const bucket = result[dayIndex]!;
    bucket.observedSeconds += seconds;
    bucket.downtimeSeconds += seconds * DOWNTIME_WEIGHT[worst];
    if (statusRank(worst) > statusRank(bucket.worstStatus)) bucket.worstStatus = worst;
    cursor = segmentEnd;
    while (e < events.length && events[e]!.at <= cursor) applyEvent(active, events[e++]!);
  }

  let observed = 0;
  let downtime = 0;
  for (const day of result) {
    if (day.observedSeconds > 0) day.uptimePercent = percent(day.downtimeSeconds, day.observedSeconds);
    day.incidentIds.sort((a, b) => a - b);
    day.maintenanceIds.sort((a, b) => a - b);
    observed += day.observedSeconds;
    downtime += day.downtimeSeconds;
  }
  return { uptimePercent: observed > 0 ? percent(downtime, observed) : null, observedSeconds: observed, downtimeSeconds: downtime, days: result };
}

function applyEvent(active: number[], ev: { rank: number; delta: 1 | -1 }): void {
  active[ev.rank]! += ev.delta;
}

function worstRank(active: number[]): number {
  for (let r = active.length - 1; r > 0; r--) if (active[r]! > 0) return r;
  return 0;
}

function percent(downtime: number, observed: number): number {
  return (1 - downtime / observed) * 100;
}

/** Records the interval's incident or maintenance on every day its clipped span touches. */
function markDays(result: DayUptime[], days: readonly CalendarDay[], start: number, end: number, i: StatusInterval): void {
  for (let d = firstDayEndingAfter(days, start); d < days.length && days[d]!.start < end; d++) {
    const bucket = result[d]!;
    if (i.incidentId !== undefined && !bucket.incidentIds.includes(i.incidentId)) bucket.incidentIds.push(i.incidentId);
    if (i.maintenanceId !== undefined && !bucket.maintenanceIds.includes(i.maintenanceId)) bucket.maintenanceIds.push(i.maintenanceId);
  }
}

function firstDayEndingAfter(days: readonly CalendarDay[], t: number): number {
  let lo = 0;
  let hi = days.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (days[mid]!.end <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Two decimals, truncated (never rounded up), and never "100.00" when there was any downtime:
 * a customer who saw an outage must not be told the service was perfect.
 */
export function formatUptime(percentValue: number | null, downtimeSeconds: number): string | null {
  if (percentValue === null) return null;
  // The epsilon keeps float noise from losing a digit: 144 s of major outage on a 25-hour day is
  // exactly 99.84 %, computed as 99.83999999999999.
  let truncated = Math.floor(percentValue * 100 + 1e-7) / 100;
  if (downtimeSeconds > 0 && truncated >= 100) truncated = 99.99;
  return truncated.toFixed(2);
}
