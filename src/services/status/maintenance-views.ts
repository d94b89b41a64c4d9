// Loads maintenance windows as view models with their services and updates.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { maintenances } from '../../../db/schema.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { loadMaintenances, type MaintenanceRow } from '../maintenance/commands.ts';
import type { MaintenanceView } from './view-models.ts';

/** The records the admin side loads, plus the sanitised HTML the public pages show. */
export function hydrateMaintenances(db: Db, rows: MaintenanceRow[]): MaintenanceView[] {
  return loadMaintenances(db, rows).map((m) => ({
    ...m,
    bodyHtml: renderMarkdown(m.body),
    updates: m.updates.map((u) => ({ ...u, bodyHtml: renderMarkdown(u.body) })),
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
