// The console's dashboard: what staff on call must see at a glance, all computed by the same code
// as the API and the public pages at the server's clock.
//   - open incidents with their response and resolution clocks (SLA §03/§04, domain/targets.ts);
//   - post-incident reports pending or overdue (due 48 h after resolution, domain/reports.ts);
//   - maintenance in progress or starting within a week, with its 48 h notice state;
//   - this month's SLA per covered service, as the domain's runningMonth tells it for the public /sla
//     page too: the downtime so far, the best SLA uptime the month can still end at, the credit
//     already certain and the downtime budget left before 99.9 % breaks;
//   - email deliveries that failed for good in the last 7 days.
import { and, asc, eq, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import { incidentReports, incidents, maintenances } from '../../../db/schema.ts';
import type { CreditPercent } from '../../domain/sla.ts';
import { listIncidents, loadIncidents, type IncidentRecord } from '../incidents/records.ts';
import type { AppContext } from '../kernel/context.ts';
import { loadMaintenances, maintenanceNotice, type MaintenanceRecord, type Notice } from '../maintenance/commands.ts';
import { currentSla, incidentSla, type IncidentSla } from '../reports/reports.ts';
import { listServices } from '../catalog/admin.ts';

const DAY = 86_400_000;

export interface DashboardIncident {
  incident: IncidentRecord;
  sla: IncidentSla;
}

export interface DashboardService {
  id: number;
  name: string;
  /** The best the month can still end at: the downtime so far over the whole month's covered time. */
  slaUptimePercent: number | null;
  slaDowntimeSeconds: number;
  /** The credit the month has already earned whatever happens next (the tier it ends in if nothing else goes down). */
  creditPercent: CreditPercent | null;
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
  const active = new Set(listServices(ctx.db, { includeArchived: false }).map((s) => s.id));
  const services: DashboardService[] = [];
  for (const s of report.services) {
    const mtd = s.months[0]?.monthToDate;
    if (!active.has(s.id) || !s.slaCovered || !mtd) continue;
    services.push({
      id: s.id,
      name: s.name,
      slaUptimePercent: s.slaUptimePercent,
      slaDowntimeSeconds: mtd.downtimeSeconds,
      creditPercent: mtd.certainCreditPercent,
      budgetLeftSeconds: mtd.tiers[0]?.leftSeconds ?? 0,
    });
  }

  const since = now - 7 * DAY;
  const failed = ctx.db.$client
    .prepare(`SELECT COUNT(*) AS n FROM deliveries WHERE state = 'failed' AND (last_error IS NULL OR last_error NOT LIKE 'skipped:%') AND created_at >= ?`)
    .get(since) as { n: number };

  return { now, open, reportsDue, maintenance, month: report.period.months[0]!.key, services, failedDeliveries: { failed: failed.n, since } };
}

