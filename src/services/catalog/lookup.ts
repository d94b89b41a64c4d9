// The public catalogue: services that are not archived, with their groups, in display order.
import { asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { serviceGroups, services } from '../../../db/schema.ts';
import { ApiError } from '../../lib/http-error.ts';

export type ServiceRow = typeof services.$inferSelect;
export type GroupRow = typeof serviceGroups.$inferSelect;

export function listActiveServices(db: Db): ServiceRow[] {
  return db.select().from(services).where(isNull(services.archivedAt)).orderBy(asc(services.position), asc(services.id)).all();
}

export function listGroups(db: Db): GroupRow[] {
  return db.select().from(serviceGroups).orderBy(asc(serviceGroups.position), asc(serviceGroups.id)).all();
}

/** A service named by numeric id or by slug, as admin bodies and paths name them. */
export type ServiceRef = string | number;

/**
 * The one rule for naming a service, everywhere (bodies, paths, CLI): a JSON number is an id; a
 * string is a slug, and only a digits-only string that is no service's slug is taken as an id. So
 * a service whose slug is "2024" is always the one that "2024" names, whatever service has id 2024.
 */
export function findServiceRef(db: Pick<Db, 'select'>, ref: ServiceRef): ServiceRow | undefined {
  if (typeof ref === 'number') return db.select().from(services).where(eq(services.id, ref)).get();
  const bySlug = db.select().from(services).where(eq(services.slug, ref)).get();
  if (bySlug || !/^[1-9]\d{0,15}$/.test(ref)) return bySlug;
  return db.select().from(services).where(eq(services.id, Number(ref))).get();
}

/**
 * Service ids for refs, in the order given. Unknown (and archived, unless in `keep`) services are
 * refused together (404 unknown_service); a service named twice, by the same or by another ref, is
 * refused with 400 duplicate_service.
 */
export function resolveServiceRefs(db: Pick<Db, 'select'>, refs: readonly ServiceRef[], keep: ReadonlySet<number> = new Set()): number[] {
  const ids: number[] = [];
  const unknown: ServiceRef[] = [];
  for (const ref of refs) {
    const row = findServiceRef(db, ref);
    if (!row || (row.archivedAt !== null && !keep.has(row.id))) unknown.push(ref);
    else if (ids.includes(row.id)) throw new ApiError('duplicate_service', `Service ${ref} is listed twice.`, { field: 'services', service: ref });
    else ids.push(row.id);
  }
  if (unknown.length > 0) throw new ApiError('unknown_service', `Unknown or archived service: ${unknown.join(', ')}.`, { field: 'services', services: unknown });
  return ids;
}
