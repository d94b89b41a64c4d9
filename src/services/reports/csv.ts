// The report as CSV (RFC 4180, CRLF): one row per service-month, then one per incident, with the
// backfilled flag on every row so imported history never passes for live history.
import type { Report } from './report-model.ts';

const CSV_COLUMNS = [
  'record',
  'service',
  'service_name',
  'month',
  'sla_covered',
  'uptime_percent',
  'downtime_seconds',
  'sla_uptime_percent',
  'sla_downtime_seconds',
  'credit_percent',
  'month_final',
  'incident_id',
  'title',
  'severity',
  'started_at',
  'response_seconds',
  'response_target_seconds',
  'response_met',
  'resolution_seconds',
  'resolution_target_seconds',
  'resolution_met',
  'report_state',
  'sla_exclusion',
  'backfilled',
] as const;

type CsvValue = string | number | boolean | null;

/** RFC 4180 §2: fields with a comma, quote or line break are quoted, quotes doubled. null → empty. */
export function csvField(v: CsvValue): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * One table: a header, one `service_month` row per service and month (uptime, SLA uptime, credit),
 * then one `incident` row per incident (its services in `service`, space-separated slugs). Unrounded
 * numbers, CRLF line ends (RFC 4180 §2.1), a `backfilled` column on every row.
 */
export function reportCsv(report: Report): string {
  const rows: CsvValue[][] = [[...CSV_COLUMNS]];
  const blank = (o: Partial<Record<(typeof CSV_COLUMNS)[number], CsvValue>>): CsvValue[] => CSV_COLUMNS.map((c) => o[c] ?? null);
  for (const s of report.services) {
    for (const m of s.months) {
      rows.push(
        blank({
          record: 'service_month',
          service: s.slug,
          service_name: s.name,
          month: m.key,
          sla_covered: s.slaCovered,
          uptime_percent: m.uptimePercent,
          downtime_seconds: m.observedSeconds > 0 ? m.downtimeSeconds : null,
          sla_uptime_percent: m.slaUptimePercent,
          sla_downtime_seconds: m.slaDowntimeSeconds,
          // Empty while the month runs: no final credit is claimed for it (month_final false).
          credit_percent: m.creditPercent,
          month_final: m.final,
          backfilled: m.backfilled,
        }),
      );
    }
  }
  const slugs = new Map(report.services.map((s) => [s.id, s.slug]));
  for (const i of report.incidents) {
    rows.push(
      blank({
        record: 'incident',
        service: i.serviceIds.map((id) => slugs.get(id) ?? String(id)).join(' '),
        incident_id: i.id,
        title: i.title,
        severity: i.severity,
        started_at: i.startedAt,
        response_seconds: i.responseSeconds,
        response_target_seconds: i.responseTargetSeconds,
        response_met: i.responseMet,
        resolution_seconds: i.resolutionSeconds,
        resolution_target_seconds: i.resolutionTargetSeconds,
        resolution_met: i.resolutionMet,
        report_state: i.reportState,
        sla_exclusion: i.slaExclusion,
        backfilled: i.backfilled,
      }),
    );
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
