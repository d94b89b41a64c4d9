// Reads the status history the engine needs for a window: incident impact intervals and
// maintenance windows that overlap [from, to). Only rows that touch the window are read, so a long
// history outside it costs nothing (indexes on end_at / actual_end).
import { and, eq, gt, isNull, isNotNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentImpacts, maintenanceServices, maintenances } from '../../../db/schema.ts';
import type { Impact, StatusInterval } from '../../domain/types.ts';

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

export function intervalsInWindow(db: Db, from: number, to: number): StatusInterval[] {
  const impacts = impactsInWindow(db, from, to);

  // A window counts as maintenance from its actual start to its actual end (open while in progress).
  const windows = db
    .select({
      serviceId: maintenanceServices.serviceId,
      start: maintenances.actualStart,
      end: maintenances.actualEnd,
      maintenanceId: maintenances.id,
    })
    .from(maintenances)
    .innerJoin(maintenanceServices, eq(maintenanceServices.maintenanceId, maintenances.id))
    .where(and(isNotNull(maintenances.actualStart), or(isNull(maintenances.actualEnd), gt(maintenances.actualEnd, from)), lt(maintenances.actualStart, to)))
    .all();

  const result: StatusInterval[] = impacts.map((i) => ({ ...i }));
  for (const w of windows) result.push({ serviceId: w.serviceId, status: 'under_maintenance', start: w.start!, end: w.end, maintenanceId: w.maintenanceId });
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
