// The rows a report needs for [from, to), read with a fixed number of indexed queries: services
// that existed then, incident impacts and maintenance work that touch the window, the incidents
// open during it with their first resolution and backfill marks, and the post-incident reports.
// Nothing outside the window is read (except the affected services of the few excluded incidents),
// so a year costs about twelve months.
import { and, asc, eq, gt, inArray, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentImpacts, incidentReports, incidentUpdates, incidents, maintenances, services } from '../../../db/schema.ts';
import type { Impact, Severity } from '../../domain/vocabulary.ts';
import { impactsInWindow, maintenanceWorkInWindow } from '../status/intervals.ts';

export type ServiceRow = typeof services.$inferSelect;

export interface ImpactRow {
  incidentId: number;
  serviceId: number;
  status: Impact;
  start: number;
  end: number | null;
}

export interface MaintenanceRow {
  id: number;
  title: string;
  status: (typeof maintenances.$inferSelect)['status'];
  announcedAt: number;
  scheduledStart: number;
  scheduledEnd: number;
  actualStart: number | null;
  actualEnd: number | null;
  backfilled: boolean;
  serviceIds: number[];
}

export interface IncidentFacts {
  id: number;
  title: string;
  severity: Severity;
  status: (typeof incidents.$inferSelect)['status'];
  startedAt: number;
  createdAt: number;
  monitoringAt: number | null;
  resolvedAt: number | null;
  slaExclusionCause: (typeof incidents.$inferSelect)['slaExclusionCause'];
  /** First update with status monitoring or resolved; null if none. */
  firstResolutionUpdateAt: number | null;
  reportPublishedAt: number | null;
  hasReport: boolean;
  /** The incident, any of its updates or its report was imported with a backfilled `at`. */
  backfilled: boolean;
}

export interface ReportData {
  services: ServiceRow[];
  impacts: ImpactRow[];
  maintenances: MaintenanceRow[];
  incidents: IncidentFacts[];
  /** Services each excluded incident (slaExclusion set) ever affected. */
  excludedServices: Map<number, number[]>;
}

// SQLite's default limit on bound parameters is 32,766; stay far below it.
const CHUNK = 500;

function chunks<T>(list: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < list.length; i += CHUNK) result.push(list.slice(i, i + CHUNK));
  return result;
}

/** Incidents open at some instant of [from, to): started before `to`, not resolved by `from`. */
function incidentOverlap(from: number, to: number): SQL {
  return and(or(isNull(incidents.resolvedAt), gt(incidents.resolvedAt, from)), lt(incidents.startedAt, to))!;
}

export function loadReportData(db: Db, from: number, to: number): ReportData {
  // Services that existed during the window: started before its end, not archived before its start.
  const serviceRows = db
    .select()
    .from(services)
    .where(and(lt(services.startDate, to), or(isNull(services.archivedAt), gt(services.archivedAt, from))))
    .orderBy(asc(services.position), asc(services.id))
    .all();

  const impacts: ImpactRow[] = impactsInWindow(db, from, to);

  // Maintenance counts only while in progress (actualStart .. actualEnd or now), so only work that
  // touched the window matters.
  const maintenanceRows = maintenanceWorkInWindow(db, from, to);
  const byMaintenance = new Map<number, MaintenanceRow>();
  for (const { serviceId, ...m } of maintenanceRows) {
    const found = byMaintenance.get(m.id);
    if (found) found.serviceIds.push(serviceId);
    else byMaintenance.set(m.id, { ...m, serviceIds: [serviceId] });
  }

  const overlap = incidentOverlap(from, to);
  const incidentRows = db
    .select({
      id: incidents.id,
      title: incidents.title,
      severity: incidents.severity,
      status: incidents.status,
      startedAt: incidents.startedAt,
      createdAt: incidents.createdAt,
      monitoringAt: incidents.monitoringAt,
      resolvedAt: incidents.resolvedAt,
      slaExclusionCause: incidents.slaExclusionCause,
      backfilled: incidents.backfilled,
    })
    .from(incidents)
    .where(overlap)
    .orderBy(asc(incidents.startedAt), asc(incidents.id))
    .all();

  // Per incident: the first monitoring/resolved update and whether any update was backfilled.
  const updateFacts = db
    .select({
      incidentId: incidentUpdates.incidentId,
      firstResolution: sql<number | null>`min(case when ${incidentUpdates.status} in ('monitoring', 'resolved') then ${incidentUpdates.createdAt} end)`,
      anyBackfilled: sql<number>`max(${incidentUpdates.backfilled})`,
    })
    .from(incidentUpdates)
    .innerJoin(incidents, eq(incidents.id, incidentUpdates.incidentId))
    .where(overlap)
    .groupBy(incidentUpdates.incidentId)
    .all();
  const updatesById = new Map(updateFacts.map((u) => [u.incidentId, u]));

  const reportRows = db
    .select({ incidentId: incidentReports.incidentId, publishedAt: incidentReports.publishedAt, backfilled: incidentReports.backfilled })
    .from(incidentReports)
    .innerJoin(incidents, eq(incidents.id, incidentReports.incidentId))
    .where(overlap)
    .all();
  const reportsById = new Map(reportRows.map((r) => [r.incidentId, r]));

  const facts: IncidentFacts[] = incidentRows.map((row) => {
    const u = updatesById.get(row.id);
    const r = reportsById.get(row.id);
    return {
      ...row,
      firstResolutionUpdateAt: u?.firstResolution ?? null,
      reportPublishedAt: r?.publishedAt ?? null,
      hasReport: r !== undefined,
      backfilled: row.backfilled || Boolean(u?.anyBackfilled) || Boolean(r?.backfilled),
    };
  });

  // The services an excluded incident affected, over its whole history (its impact on a service
  // may have begun before the window).
  const excludedIds = facts.filter((f) => f.slaExclusionCause !== null).map((f) => f.id);
  const excludedServices = new Map<number, number[]>();
  for (const ids of chunks(excludedIds)) {
    const rows = db
      .selectDistinct({ incidentId: incidentImpacts.incidentId, serviceId: incidentImpacts.serviceId })
      .from(incidentImpacts)
      .where(inArray(incidentImpacts.incidentId, ids))
      .all();
    for (const r of rows) {
      const list = excludedServices.get(r.incidentId);
      if (list) list.push(r.serviceId);
      else excludedServices.set(r.incidentId, [r.serviceId]);
    }
  }

  return { services: serviceRows, impacts, maintenances: [...byMaintenance.values()], incidents: facts, excludedServices };
}
