// The public catalogue: services that are not archived, with their groups, in display order.
import { asc, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { serviceGroups, services } from '../../db/schema.ts';

export type ServiceRow = typeof services.$inferSelect;
export type GroupRow = typeof serviceGroups.$inferSelect;

export function listActiveServices(db: Db): ServiceRow[] {
  return db.select().from(services).where(isNull(services.archivedAt)).orderBy(asc(services.position), asc(services.id)).all();
}

export function listGroups(db: Db): GroupRow[] {
  return db.select().from(serviceGroups).orderBy(asc(serviceGroups.position), asc(serviceGroups.id)).all();
}
