// Reads the status history the engine needs for a window: incident impact intervals and
// maintenance windows that overlap [from, to). Only rows that touch the window are read, so a long
// history outside it costs nothing (indexes on end_at / actual_end).
import { and, asc, eq, gt, isNull, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentImpacts, maintenanceServices, maintenances } from '../../../db/schema.ts';
import type { StatusInterval } from '../../domain/types.ts';
import type { Impact } from '../../domain/vocabulary.ts';

/** Incident impact rows (with their incident) that overlap [from, to): open rows count until now. */
export function impactsInWindow(db: Db, from: number, to: number): (StatusInterval & { status: Impact; incidentId: number })[] {
  return db
    .select({
      serviceId: incidentImpacts.serviceId,
      status: incidentImpacts.impact,
      start: incidentImpacts.startAt,
      end: incidentImpacts.endAt,
      incidentId: incidentImpacts.incidentId,
    })
    .from(incidentImpacts)
    .where(and(or(isNull(incidentImpacts.endAt), gt(incidentImpacts.endAt, from)), lt(incidentImpacts.startAt, to)))
    .all();
}

/**
 * Maintenance work that touched [from, to), one row per (window, service), by window id then
 * service id. A window counts from its actual start to its actual end (open while in progress), so
 * windows that never started are not read.
 */
export function maintenanceWorkInWindow(db: Db, from: number, to: number) {
  return db
    .select({
      id: maintenances.id,
      title: maintenances.title,
      status: maintenances.status,
      announcedAt: maintenances.announcedAt,
      scheduledStart: maintenances.scheduledStart,
      scheduledEnd: maintenances.scheduledEnd,
      actualStart: maintenances.actualStart,
      actualEnd: maintenances.actualEnd,
      backfilled: maintenances.backfilled,
      serviceId: maintenanceServices.serviceId,
    })
    .from(maintenances)
    .innerJoin(maintenanceServices, eq(maintenanceServices.maintenanceId, maintenances.id))
    .where(and(isNotNull(maintenances.actualStart), or(isNull(maintenances.actualEnd), gt(maintenances.actualEnd, from)), lt(maintenances.actualStart, to)))
    .orderBy(asc(maintenances.id), asc(maintenanceServices.serviceId))
    .all();
}

export function intervalsInWindow(db: Db, from: number, to: number): StatusInterval[] {
  const result: StatusInterval[] = impactsInWindow(db, from, to).map((i) => ({ ...i }));
  for (const w of maintenanceWorkInWindow(db, from, to)) result.push({ serviceId: w.serviceId, status: 'under_maintenance', start: w.actualStart!, end: w.actualEnd, maintenanceId: w.id });
  return result;
}

export function groupByService(intervals: StatusInterval[]): Map<number, StatusInterval[]> {
  const map = new Map<number, StatusInterval[]>();
  for (const i of intervals) {
    const list = map.get(i.serviceId);
    if (list) list.push(i);
    else map.set(i.serviceId, [i]);
  }
  return map;
}
