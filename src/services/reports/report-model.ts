// The shape of an SLA report (JSON download, pages, CSV): figures per service and month, per
// incident and per maintenance window. Built by reports.ts.
import type { PeriodKind } from '../../domain/periods.ts';
import type { ReportState } from '../../domain/reports.ts';
import type { CreditPercent } from '../../domain/sla.ts';
import type { RunningMonth } from '../../domain/sla-running.ts';
import type { Severity } from '../../domain/vocabulary.ts';
import type { Locale } from '../../config.ts';
import type { IncidentFacts } from './sla-data.ts';

export interface ReportPeriod {
  kind: PeriodKind;
  key: string;
  start: string;
  end: string;
  timeZone: string;
  months: { key: string; start: string; end: string }[];
  /** The period has ended: its figures are final. */
  complete: boolean;
  previous: string | null;
  /** null while the next period has not started. */
  next: string | null;
}

export interface ReportServiceMonth {
  key: string;
  observedSeconds: number;
  uptimePercent: number | null;
  downtimeSeconds: number;
  /**
   * Against the month's contractual denominator (the whole month, or its covered part). For a
   * running month that is the best the month can still end at: the time still to come counts as up.
   */
  slaUptimePercent: number | null;
  slaDowntimeSeconds: number | null;
  /** The month is over: its credit is the contractual one. */
  final: boolean;
  /** The month's credit (SLA §06); null while the month runs (see monthToDate) or without a figure. */
  creditPercent: CreditPercent | null;
  /** A running month of a covered service: downtime so far, budget left per tier, the credit already certain. */
  monthToDate: RunningMonth | null;
  /** A backfilled incident or maintenance touched this service this month. */
  backfilled: boolean;
}

export interface TargetCounts {
  responseMet: number;
  /** Incidents whose response target is decided (met or breached). */
  responseTotal: number;
  resolutionMet: number;
  resolutionTotal: number;
  reportsOnTime: number;
  /** Reports that are due (overdue) or published, on time or late; pending ones are not counted yet. */
  reportsDue: number;
}

export interface ReportService {
  id: number;
  slug: string;
  name: string;
  /** Set on the pages when the name is shown untranslated: its language (see localise.ts). */
  nameFallback?: Locale | null;
  slaCovered: boolean;
  observedSeconds: number;
  uptimePercent: number | null;
  slaUptimePercent: number | null;
  downtimeSeconds: number;
  slaDowntimeSeconds: number | null;
  /** The month's final credit for a month report; null for a quarter or year (credits are per month: see months) and while the month runs. */
  creditPercent: CreditPercent | null;
  months: ReportServiceMonth[];
  incidents: Record<Severity, number>;
  targets: TargetCounts;
  backfilled: boolean;
}

export interface ReportIncident {
  id: number;
  title: string;
  titleFallback?: Locale | null;
  severity: Severity;
  status: IncidentFacts['status'];
  startedAt: string;
  createdAt: string;
  resolvedAt: string | null;
  /** Services with an impact inside the period, ascending. */
  serviceIds: number[];
  slaExclusion: IncidentFacts['slaExclusionCause'];
  responseSeconds: number;
  responseTargetSeconds: number;
  responseBusinessHours: boolean;
  responseMet: boolean | null;
  responseDeadline: string;
  resolutionSeconds: number | null;
  resolutionTargetSeconds: number;
  resolutionMet: boolean | null;
  resolutionState: 'met' | 'breached' | 'pending';
  resolutionDeadline: string;
  resolutionRemainingSeconds: number | null;
  reportState: ReportState;
  reportDueAt: string | null;
  reportPublishedAt: string | null;
  backfilled: boolean;
}

export interface ReportMaintenance {
  id: number;
  title: string;
  titleFallback?: Locale | null;
  serviceIds: number[];
  announcedAt: string;
  scheduledStart: string;
  scheduledEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  noticeSeconds: number;
  /** Announced ≥ 48 h ahead (SLA §02): its in-progress time inside the announced window is excused. */
  announcedInTime: boolean;
  /** In-progress time inside the period counted as available / as downtime (weight 1). */
  excusedSeconds: number;
  countedSeconds: number;
  backfilled: boolean;
}

export interface Report {
  period: ReportPeriod;
  generatedAt: string;
  guaranteePercent: number;
  services: ReportService[];
  incidents: ReportIncident[];
  maintenances: ReportMaintenance[];
  totals: TargetCounts & { incidents: number };
}
