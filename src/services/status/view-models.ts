// View models: what the public pages and the public JSON render. Both read these, so the site and
// the API can never disagree about a figure.
import type { Locale } from '../../config.ts';
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
  /** Set when the name (description) is shown in this language for want of a translation. */
  nameFallback?: Locale | null;
  descriptionFallback?: Locale | null;
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
  nameFallback?: Locale | null;
  position: number;
  status: ServiceStatus;
  services: ServiceWithUptime[];
}

export interface UpdateView {
  id: number;
  status: string;
  body: string;
  /** Sanitised HTML of the markdown body (in the reader's language when translated). */
  bodyHtml: string;
  bodyFallback?: Locale | null;
  createdAt: number;
  backfilled: boolean;
}

export interface AffectedServiceView {
  id: number;
  slug: string;
  name: string;
  nameFallback?: Locale | null;
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
  titleFallback?: Locale | null;
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
  /** The whole impact history (by start): which impact each service had when. */
  impacts: { serviceId: number; impact: Impact; startAt: number; endAt: number | null }[];
  /** The published post-incident report, if any; `editedAt` is its last edit after publication. */
  report: {
    bodyHtml: string;
    bodyFallback?: Locale | null;
    publishedAt: number;
    editedAt: number | null;
    /** Oldest first: the text each edit replaced, and when. */
    revisions: { editedAt: number; previousHtml: string; previousFallback?: Locale | null }[];
  } | null;
}

export interface MaintenanceView {
  id: number;
  title: string;
  titleFallback?: Locale | null;
  body: string;
  bodyHtml: string;
  bodyFallback?: Locale | null;
  status: 'scheduled' | 'in_progress' | 'verifying' | 'completed' | 'cancelled';
  scheduledStart: number;
  scheduledEnd: number;
  announcedAt: number;
  actualStart: number | null;
  actualEnd: number | null;
  createdAt: number;
  updatedAt: number;
  backfilled: boolean;
  services: { id: number; slug: string; name: string; nameFallback?: Locale | null }[];
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
