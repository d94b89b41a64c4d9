// Loads maintenance windows as view models with their services and updates.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { maintenanceServices, maintenanceUpdates, maintenances, services } from '../../db/schema.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import type { MaintenanceView } from './views.ts';

type MaintenanceRow = typeof maintenances.$inferSelect;

export function hydrateMaintenances(db: Db, rows: MaintenanceRow[]): MaintenanceView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const affected = db
    .select({ maintenanceId: maintenanceServices.maintenanceId, id: services.id, slug: services.slug, name: services.name })
    .from(maintenanceServices)
    .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
    .where(inArray(maintenanceServices.maintenanceId, ids))
    .orderBy(asc(services.name))
    .all();
  const updates = db.select().from(maintenanceUpdates).where(inArray(maintenanceUpdates.maintenanceId, ids)).orderBy(desc(maintenanceUpdates.createdAt), desc(maintenanceUpdates.id)).all();
  return rows.map((row) => ({
    ...row,
    bodyHtml: renderMarkdown(row.body),
    services: affected.filter((a) => a.maintenanceId === row.id).map(({ id, slug, name }) => ({ id, slug, name })),
    updates: updates
      .filter((u) => u.maintenanceId === row.id)
      .map((u) => ({ id: u.id, status: u.status, body: u.body, bodyHtml: renderMarkdown(u.body), createdAt: u.createdAt, backfilled: u.backfilled })),
  }));
}

export function getMaintenanceView(db: Db, id: number): MaintenanceView | undefined {
  const row = db.select().from(maintenances).where(eq(maintenances.id, id)).get();
  return row ? hydrateMaintenances(db, [row])[0] : undefined;
}

export function activeMaintenances(db: Db): MaintenanceView[] {
  return hydrateMaintenances(db, db.select().from(maintenances).where(inArray(maintenances.status, ['in_progress', 'verifying'])).orderBy(asc(maintenances.scheduledStart)).all());
}

export function upcomingMaintenances(db: Db): MaintenanceView[] {
  return hydrateMaintenances(db, db.select().from(maintenances).where(eq(maintenances.status, 'scheduled')).orderBy(asc(maintenances.scheduledStart)).all());
}

/** Every window, newest first: Statuspage's scheduled-maintenances.json lists them all. */
export function recentMaintenances(db: Db, limit = 50): MaintenanceView[] {
  return hydrateMaintenances(db, db.select().from(maintenances).orderBy(desc(maintenances.scheduledStart), desc(maintenances.id)).limit(limit).all());
}
