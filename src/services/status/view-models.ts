// View models: what the public pages and the public JSON render. Both read these, so the site and
// the API can never disagree about a figure.
import type { Impact } from '../../domain/vocabulary.ts';
import type { IncidentImpactLevel, PageIndicator, ServiceStatus, ServiceUptime } from '../../domain/types.ts';

export interface PageInfo {
  name: string;
  url: string;
  timeZone: string;
  /** Last change to any public record (service, incident, maintenance). */
  updatedAt: number;
}

export interface ServiceView {
  id: number;
  slug: string;
  name: string;
  description: string;
  groupId: number | null;
  groupName: string | null;
  position: number;
  slaCovered: boolean;
  startDate: number;
  createdAt: number;
  updatedAt: number;
  status: ServiceStatus;
}

export interface ServiceWithUptime extends ServiceView {
  uptime: ServiceUptime;
  /** Truncated two-decimal text of uptime.uptimePercent (never "100.00" after downtime). */
  uptimeText: string | null;
}

export interface GroupView {
  id: number | null;
  name: string | null;
  position: number;
  status: ServiceStatus;
  services: ServiceWithUptime[];
}

export interface UpdateView {
  id: number;
  status: string;
  body: string;
  /** Sanitised HTML of the markdown body. */
  bodyHtml: string;
  createdAt: number;
  backfilled: boolean;
}

export interface AffectedServiceView {
  id: number;
  slug: string;
  name: string;
  /** The worst impact this incident had on the service over its whole course. */
  impact: Impact;
  /** Impact in force now; null when none is (the incident is resolved, or no longer affects it). */
  currentImpact: Impact | null;
  /** Every impact the service had in this incident, in start order; end null = still in force. */
  history: { impact: Impact; start: number; end: number | null }[];
}

export interface IncidentView {
  id: number;
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  status: 'investigating' | 'identified' | 'monitoring' | 'resolved';
  impact: IncidentImpactLevel;
  startedAt: number;
  createdAt: number;
  updatedAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  backfilled: boolean;
  slaExclusion: { cause: string; reason: string } | null;
  /** Latest first. */
  updates: UpdateView[];
  services: AffectedServiceView[];
  /** The published post-incident report, if any. */
  report: { bodyHtml: string; publishedAt: number } | null;
}

export interface MaintenanceView {
  id: number;
  title: string;
  body: string;
  bodyHtml: string;
  status: 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled';
  scheduledStart: number;
  scheduledEnd: number;
  announcedAt: number;
  actualStart: number | null;
  actualEnd: number | null;
  createdAt: number;
  updatedAt: number;
  backfilled: boolean;
  services: { id: number; slug: string; name: string }[];
  /** Latest first. */
  updates: UpdateView[];
}

export interface StatusSummary {
  page: PageInfo;
  now: number;
  indicator: PageIndicator;
  groups: GroupView[];
  services: ServiceWithUptime[];
  activeIncidents: IncidentView[];
  activeMaintenances: MaintenanceView[];
  upcomingMaintenances: MaintenanceView[];
}
