// The incident status machine: investigating → identified → monitoring → resolved, forward only
// (steps may be skipped, the same status is a plain update); after resolved only a reopen, which
// goes back to an open status; resolving ends every impact, so it names no services.
import { INCIDENT_STATUSES, type IncidentStatus } from './vocabulary.ts';

const STEP = Object.fromEntries(INCIDENT_STATUSES.map((s, i) => [s, i])) as Record<IncidentStatus, number>;

export interface UpdateRequest {
  to: IncidentStatus;
  reopen: boolean;
  /** The update names services (sets impacts). */
  setsImpacts: boolean;
}

export type TransitionRefusal =
  | { code: 'incident_resolved'; details: { status: IncidentStatus } }
  | { code: 'not_resolved'; details: { status: IncidentStatus } }
  | { code: 'invalid_transition'; details: { from: IncidentStatus; to: IncidentStatus; allowed?: IncidentStatus[] } }
  | { code: 'services_on_resolve'; details: { field: 'services' } };

/** Which rule an update from `from` breaks, or null when it is allowed. */
export function refuseTransition(from: IncidentStatus, u: UpdateRequest): TransitionRefusal | null {
  const { to, reopen } = u;
  if (from === 'resolved' && !reopen) return { code: 'incident_resolved', details: { status: from } };
  if (reopen && from !== 'resolved') return { code: 'not_resolved', details: { status: from } };
  if (reopen && to === 'resolved') return { code: 'invalid_transition', details: { from, to } };
  if (!reopen && STEP[to] < STEP[from]) return { code: 'invalid_transition', details: { from, to, allowed: INCIDENT_STATUSES.slice(STEP[from]) } };
  if (to === 'resolved' && u.setsImpacts) return { code: 'services_on_resolve', details: { field: 'services' } };
  return null;
}
