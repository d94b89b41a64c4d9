// Response and resolution targets per incident (DESIGN.md "Response and resolution").
//   Response   (SLA §03): critical 15 min, high 1 h, medium 4 h, low 8 business hours ("kantooruren").
//   Resolution (SLA §04): critical 4 h, high 8 h, medium 24 h, low 72 h — resolution or workaround.
// Response time = the first public post (the incident's creation) − startedAt.
// Resolution time = the first time the incident reached `monitoring` (a workaround is in place) or
// `resolved` − startedAt.
// Only the low response target counts business time: critical problems get 24/7 support (SLA key
// points, §05), and the resolution targets are stated in plain hours.
import { businessDeadline, businessMsBetween, type Holidays } from './business-hours.ts';
import type { Severity } from './vocabulary.ts';

export type TargetState = 'met' | 'breached' | 'pending';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface TargetSpec {
  ms: number;
  /** true: counted in business hours (Mon–Fri 09:00–17:00 minus holidays); false: wall-clock. */
  businessHours: boolean;
}

/** SLA §03. */
export const RESPONSE_TARGETS: Record<Severity, TargetSpec> = {
  critical: { ms: 15 * MINUTE, businessHours: false },
  high: { ms: 1 * HOUR, businessHours: false },
  medium: { ms: 4 * HOUR, businessHours: false },
  low: { ms: 8 * HOUR, businessHours: true },
};

/** SLA §04. */
export const RESOLUTION_TARGETS: Record<Severity, TargetSpec> = {
  critical: { ms: 4 * HOUR, businessHours: false },
  high: { ms: 8 * HOUR, businessHours: false },
  medium: { ms: 24 * HOUR, businessHours: false },
  low: { ms: 72 * HOUR, businessHours: false },
};

export interface BusinessCalendar {
  timeZone: string;
  holidays: Holidays;
}

export interface TargetOutcome {
  state: TargetState;
  targetMs: number;
  businessHours: boolean;
  /** When the target was reached (response: creation; resolution: first monitoring/resolved); null if not yet. */
  reachedAt: number | null;
  /** Time taken (business ms for business-hour targets); null while not reached. */
  elapsedMs: number | null;
  /**
   * The last instant at which reaching the target still meets it. Wall-clock: startedAt + target.
   * Business hours: when the business budget runs out — or, if it runs out exactly at 17:00, the next
   * opening, since no business time passes in between (see businessDeadline).
   */
  deadline: number;
  /** Time left while pending, in the target's own clock (business ms for business targets); else null. */
  remainingMs: number | null;
}

/**
 * Met when reached with elapsed ≤ target ("within 15 minutes" includes the 15th minute), i.e.
 * reachedAt ≤ deadline. Pending only while not reached and the deadline has not passed; not reached
 * and the deadline passed → breached (it can no longer be met).
 */
export function evaluateTarget(spec: TargetSpec, startedAt: number, reachedAt: number | null, now: number, calendar: BusinessCalendar): TargetOutcome {
  const elapsed = (to: number): number => (spec.businessHours ? businessMsBetween(startedAt, to, calendar.timeZone, calendar.holidays) : Math.max(0, to - startedAt));
  const deadline = spec.businessHours ? businessDeadline(startedAt, spec.ms, calendar.timeZone, calendar.holidays) : startedAt + spec.ms;
  const base = { targetMs: spec.ms, businessHours: spec.businessHours, deadline, reachedAt };
  if (reachedAt !== null) return { ...base, state: reachedAt <= deadline ? 'met' : 'breached', elapsedMs: elapsed(reachedAt), remainingMs: null };
  if (now <= deadline) return { ...base, state: 'pending', elapsedMs: null, remainingMs: Math.max(0, spec.ms - elapsed(now)) };
  return { ...base, state: 'breached', elapsedMs: null, remainingMs: null };
}

/**
 * The first time the incident reached `monitoring` or `resolved`, from its update timeline; the
 * row's monitoringAt / resolvedAt are taken into account too (an incident reopened and resolved
 * again keeps its first resolution).
 */
export function firstResolutionAt(updates: Iterable<{ status: string; createdAt: number }>, ...alsoReached: (number | null | undefined)[]): number | null {
  let first: number | null = null;
  for (const u of updates) if ((u.status === 'monitoring' || u.status === 'resolved') && (first === null || u.createdAt < first)) first = u.createdAt;
  for (const t of alsoReached) if (t !== null && t !== undefined && (first === null || t < first)) first = t;
  return first;
}

export interface IncidentTargetInput {
  severity: Severity;
  startedAt: number;
  /** The first public post. */
  createdAt: number;
  /** First time monitoring or resolved was reached (see firstResolutionAt); null = not yet. */
  firstResolutionAt: number | null;
}

export interface IncidentTargets {
  response: TargetOutcome;
  resolution: TargetOutcome;
}

export function incidentTargets(incident: IncidentTargetInput, now: number, calendar: BusinessCalendar): IncidentTargets {
  return {
    // The incident exists, so it has been posted: response is never pending once createdAt ≤ now.
    response: evaluateTarget(RESPONSE_TARGETS[incident.severity], incident.startedAt, incident.createdAt <= now ? incident.createdAt : null, now, calendar),
    resolution: evaluateTarget(RESOLUTION_TARGETS[incident.severity], incident.startedAt, incident.firstResolutionAt !== null && incident.firstResolutionAt <= now ? incident.firstResolutionAt : null, now, calendar),
  };
}
