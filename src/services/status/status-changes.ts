// When each service's status last changed: the latest start or end of an incident impact or of
// maintenance work on it, up to now. Statuspage moves a component's updated_at with its status;
// the service row's own updatedAt only moves when staff edit the service.
import { and, eq, isNotNull, lte, max } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentImpacts, maintenanceServices, maintenances } from '../../../db/schema.ts';

function keepLatest(into: Map<number, number>, rows: { serviceId: number; t: number | null }[]): void {
  for (const r of rows) if (r.t !== null && r.t > (into.get(r.serviceId) ?? -Infinity)) into.set(r.serviceId, r.t);
}

/** Service id → the instant of its latest status change at or before `now` (absent: never changed). */
export function lastStatusChanges(db: Db, now: number): Map<number, number> {
  const result = new Map<number, number>();
  const impact = (column: typeof incidentImpacts.startAt | typeof incidentImpacts.endAt) =>
    db.select({ serviceId: incidentImpacts.serviceId, t: max(column) }).from(incidentImpacts).where(and(isNotNull(column), lte(column, now))).groupBy(incidentImpacts.serviceId).all();
  const work = (column: typeof maintenances.actualStart | typeof maintenances.actualEnd) =>
    db
      .select({ serviceId: maintenanceServices.serviceId, t: max(column) })
      .from(maintenanceServices)
      .innerJoin(maintenances, eq(maintenances.id, maintenanceServices.maintenanceId))
      .where(and(isNotNull(column), lte(column, now)))
      .groupBy(maintenanceServices.serviceId)
      .all();
  keepLatest(result, impact(incidentImpacts.startAt));
  keepLatest(result, impact(incidentImpacts.endAt));
  keepLatest(result, work(maintenances.actualStart));
  keepLatest(result, work(maintenances.actualEnd));
  return result;
}
