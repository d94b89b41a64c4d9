// The public catalogue: services that are not archived, with their groups, in display order.
import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { serviceGroups, services } from '../../../db/schema.ts';

export type ServiceRow = typeof services.$inferSelect;
export type GroupRow = typeof serviceGroups.$inferSelect;

export function listActiveServices(db: Db): ServiceRow[] {
  return db.select().from(services).where(isNull(services.archivedAt)).orderBy(asc(services.position), asc(services.id)).all();
}

export function listGroups(db: Db): GroupRow[] {
  return db.select().from(serviceGroups).orderBy(asc(serviceGroups.position), asc(serviceGroups.id)).all();
}

/** A service named by numeric id or by slug, as incident and maintenance bodies name them. */
export type ServiceRef = string | number;

/** Numbers are ids; strings are slugs (a digits-only string that is no slug is tried as an id). */
export function findServiceRef(db: Pick<Db, 'select'>, ref: ServiceRef): ServiceRow | undefined {
  if (typeof ref === 'number') return db.select().from(services).where(eq(services.id, ref)).get();
  const bySlug = db.select().from(services).where(eq(services.slug, ref)).get();
  if (bySlug || !/^[1-9]\d{0,15}$/.test(ref)) return bySlug;
  return db.select().from(services).where(eq(services.id, Number(ref))).get();
}
