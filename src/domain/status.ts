// Status roll-up: what a service shows at an instant, and what the page as a whole shows.
// Rules: DESIGN.md "Status over time"; vocabulary and indicator names from Statuspage.
import type { Impact } from './vocabulary.ts';
import type { IncidentImpactLevel, PageIndicator, ServiceStatus, StatusInterval } from './types.ts';

/** Worst first is the wrong way for sorting; this is the rank used to pick "the worst". */
const RANK: Record<ServiceStatus, number> = {
  operational: 0,
  under_maintenance: 1,
  degraded_performance: 2,
  partial_outage: 3,
  major_outage: 4,
};

/** Downtime weight per instant (the Statuspage rule): major 1, partial 0.3, everything else 0. */
export const DOWNTIME_WEIGHT: Record<ServiceStatus, number> = {
  operational: 0,
  under_maintenance: 0,
  degraded_performance: 0,
  partial_outage: 0.3,
  major_outage: 1,
};

export function statusRank(status: ServiceStatus): number {
  return RANK[status];
}

export function worstStatus(statuses: Iterable<ServiceStatus>): ServiceStatus {
  let worst: ServiceStatus = 'operational';
  for (const s of statuses) if (RANK[s] > RANK[worst]) worst = s;
  return worst;
}

/** Whether an interval is in force at instant t: [start, end), open intervals never end. */
export function coversInstant(interval: Pick<StatusInterval, 'start' | 'end'>, t: number): boolean {
  return interval.start <= t && (interval.end === null || t < interval.end);
}

/**
 * A service's status at t: the worst incident impact in force; else under_maintenance when a
 * maintenance window covers it; else operational. Maintenance never hides an incident.
 */
export function serviceStatusAt(intervals: Iterable<StatusInterval>, t: number): ServiceStatus {
  let status: ServiceStatus = 'operational';
  for (const i of intervals) if (coversInstant(i, t) && RANK[i.status] > RANK[status]) status = i.status;
  return status;
}

/**
 * Page indicator, the one roll-up of the page's status (banner, logo, favicon, title and the
 * Statuspage JSON all read it): any major_outage → major (critical when every covered service is in
 * major outage); any partial_outage → major; degraded_performance only → minor; otherwise none.
 * Maintenance alone is not an incident. A partial outage is "major" because that is the impact
 * level of the incident behind it (incidentImpactLevel): the page never reads milder than the
 * incidents it shows (issue 13; DESIGN said partial → minor).
 */
export function pageIndicator(services: Iterable<{ status: ServiceStatus; slaCovered: boolean }>): PageIndicator {
  let anyMajor = false;
  let anyMinor = false;
  let covered = 0;
  let coveredMajor = 0;
  for (const s of services) {
    if (s.status === 'major_outage' || s.status === 'partial_outage') anyMajor = true;
    if (s.status === 'degraded_performance') anyMinor = true;
    if (s.slaCovered) {
      covered++;
      if (s.status === 'major_outage') coveredMajor++;
    }
  }
  if (anyMajor) return covered > 0 && coveredMajor === covered ? 'critical' : 'major';
  return anyMinor ? 'minor' : 'none';
}

/** Statuspage's page descriptions; localised text lives in src/i18n, this is the API's English. */
export const INDICATOR_DESCRIPTION: Record<PageIndicator, string> = {
  none: 'All Systems Operational',
  minor: 'Minor Service Outage',
  major: 'Partial System Outage',
  critical: 'Major System Outage',
};

/** Public incident impact from the worst affected service impact: degraded → minor, partial → major, major → critical. */
export function incidentImpactLevel(impacts: Iterable<Impact>): IncidentImpactLevel {
  const worst = worstStatus(impacts);
  if (worst === 'major_outage') return 'critical';
  if (worst === 'partial_outage') return 'major';
  if (worst === 'degraded_performance') return 'minor';
  return 'none';
}
