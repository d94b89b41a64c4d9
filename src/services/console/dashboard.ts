// The console's dashboard: what staff on call must see at a glance, all computed by the same code
// as the API and the public pages at the server's clock.
//   - open incidents with their response and resolution clocks (SLA §03/§04, domain/targets.ts);
//   - post-incident reports pending or overdue (due 48 h after resolution, domain/reports.ts);
//   - maintenance in progress or starting within a week, with its 48 h notice state;
//   - this month's SLA uptime per covered service against 99.9 %, the credit tier so far, the tier
//     the month ends in if nothing else happens, and the downtime budget left before 99.9 % breaks;
//   - email deliveries that failed for good in the last 7 days.
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { incidentReports, incidents, maintenances } from '../../../db/schema.ts';
import { creditPercent, type CreditPercent } from '../../domain/sla.ts';
import { listIncidents, loadIncidents, type IncidentRecord } from '../incidents/records.ts';
import type { AppContext } from '../kernel/context.ts';
import { loadMaintenances, maintenanceNotice, type MaintenanceRecord, type Notice } from '../maintenance/commands.ts';
import { currentSla, incidentSla, type IncidentSla } from '../reports/reports.ts';
import { listServices } from '../catalog/admin.ts';

const DAY = 86_400_000;
/** 99.9 %: the share of a month that may be down before the guarantee breaks (SLA §02). */
const ALLOWED_DOWN_SHARE = 0.001;

export interface DashboardIncident {
  incident: IncidentRecord;
  sla: IncidentSla;
}

export interface DashboardService {
  id: number;
  name: string;
  slaUptimePercent: number | null;
  slaDowntimeSeconds: number;
  /** The tier the month is in now (month to date). */
  creditPercent: CreditPercent | null;
  /** The tier the month ends in if there is no more downtime this month. */
  projectedCreditPercent: CreditPercent | null;
  /** Counted downtime still allowed this month before SLA uptime drops below 99.9 %; negative once broken. */
  budgetLeftSeconds: number;
}

export interface Dashboard {
  now: number;
  open: DashboardIncident[];
  reportsDue: DashboardIncident[];
  maintenance: { maintenance: MaintenanceRecord; notice: Notice }[];
  month: string;
  services: DashboardService[];
  failedDeliveries: { failed: number; since: number };
}

export function dashboard(ctx: AppContext): Dashboard {
  const now = ctx.clock();
  const withSla = (incident: IncidentRecord) => ({ incident, sla: incidentSla(ctx, incident, now) });

  const open = listIncidents(ctx.db, { status: 'open', limit: 200 }).map(withSla);

  // Resolved, report not published: pending or overdue, the soonest due first.
  const dueRows = ctx.db
    .select({ incident: incidents })
    .from(incidents)
    .leftJoin(incidentReports, eq(incidentReports.incidentId, incidents.id))
    .where(and(isNotNull(incidents.resolvedAt), isNull(incidentReports.publishedAt)))
    .orderBy(asc(incidents.resolvedAt), asc(incidents.id))
    .limit(100)
    .all()
    .map((r) => r.incident);
  const reportsDue = loadIncidents(ctx.db, dueRows).map(withSla);

  const soon = ctx.db
    .select()
    .from(maintenances)
    .where(or(inArray(maintenances.status, ['in_progress', 'verifying']), and(eq(maintenances.status, 'scheduled'), sql`${maintenances.scheduledStart} <= ${now + 7 * DAY}`)))
    .orderBy(asc(maintenances.scheduledStart), asc(maintenances.id))
    .all();
  const maintenance = loadMaintenances(ctx.db, soon).map((m) => ({ maintenance: m, notice: maintenanceNotice(m) }));

  const report = currentSla(ctx);
  const monthStart = Date.parse(report.period.start);
  const monthEnd = Date.parse(report.period.end);
  const active = new Map(listServices(ctx.db, { includeArchived: false }).map((s) => [s.id, s]));
  const services: DashboardService[] = [];
  for (const s of report.services) {
    const row = active.get(s.id);
    if (!row || !s.slaCovered) continue;
    const month = s.months[0];
    const downtime = month?.slaDowntimeSeconds ?? 0;
    // The month's denominator once it is over: the whole month, or from the service's start.
    const wholeMs = monthEnd - Math.max(monthStart, row.startDate);
    const projected = creditPercent({ observedMs: wholeMs, downtimeTenthMs: Math.round(downtime * 10_000) });
    services.push({
      id: s.id,
      name: s.name,
      slaUptimePercent: s.slaUptimePercent,
      slaDowntimeSeconds: downtime,
      creditPercent: s.creditPercent,
      projectedCreditPercent: projected,
      budgetLeftSeconds: (wholeMs / 1000) * ALLOWED_DOWN_SHARE - downtime,
    });
  }

  const since = now - 7 * DAY;
  const failed = ctx.db.$client
    .prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE state = 'failed' AND (last_error IS NULL OR last_error NOT LIKE 'skipped:%') AND created_at >= ?`)
    .get(since) as { n: number };

  return { now, open, reportsDue, maintenance, month: report.period.months[0]!.key, services, failedDeliveries: { failed: failed.n, since } };
}

