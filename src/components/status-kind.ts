// One visual vocabulary for every status on the page: a colour class and an icon shape per kind,
// always shown next to a word, so colour is never the only signal.
import type { IncidentImpactLevel, PageIndicator, ServiceStatus } from '../domain/types.ts';

export type StatusKind = 'ok' | 'degraded' | 'partial' | 'major' | 'maintenance' | 'nodata';

const BY_STATUS: Record<ServiceStatus, StatusKind> = {
  operational: 'ok',
  degraded_performance: 'degraded',
  partial_outage: 'partial',
  major_outage: 'major',
  under_maintenance: 'maintenance',
};

// Statuspage's colours: "major" (some service in major outage) is orange, "critical" red.
const BY_INDICATOR: Record<PageIndicator, StatusKind> = { none: 'ok', minor: 'degraded', major: 'partial', critical: 'major' };

export function statusKind(status: ServiceStatus): StatusKind {
  return BY_STATUS[status];
}

export function indicatorKind(indicator: PageIndicator | IncidentImpactLevel): StatusKind {
  return BY_INDICATOR[indicator];
}

/** Planned or running work is "maintenance"; finished work reads as fine; cancelled as inactive. */
export function maintenanceKind(status: 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled'): StatusKind {
  return status === 'completed' ? 'ok' : status === 'cancelled' ? 'nodata' : 'maintenance';
}
