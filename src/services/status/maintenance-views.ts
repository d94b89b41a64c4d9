// Loads maintenance windows as view models with their services and updates.
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { maintenances } from '../../../db/schema.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { loadMaintenances, type MaintenanceRow } from '../maintenance/commands.ts';
import { shownText, type Reader } from './reader.ts';
import type { MaintenanceView } from './view-models.ts';

/** The records the admin side loads, plus the sanitised HTML the public pages show; with a reader, in their language. */
export function hydrateMaintenances(db: Db, rows: MaintenanceRow[], reader?: Reader): MaintenanceView[] {
  return loadMaintenances(db, rows).map(({ titleTranslation, bodyTranslation, ...m }) => {
    const text = (original: string, translation: string | null) => shownText(reader, m.lang, original, translation);
    const title = text(m.title, titleTranslation);
    const body = text(m.body, bodyTranslation);
    return {
      ...m,
      title: title.text,
      titleFallback: title.fallback,
      body: body.text,
      bodyHtml: renderMarkdown(body.text),
      bodyFallback: body.fallback,
      services: m.services.map((s) => {
        const name = shownText(reader, s.lang, s.name, s.nameTranslation);
        return { id: s.id, slug: s.slug, name: name.text, nameFallback: name.fallback };
      }),
      updates: m.updates.map(({ bodyTranslation: translation, ...u }) => {
        const shown = text(u.body, translation);
        return { ...u, body: shown.text, bodyHtml: renderMarkdown(shown.text), bodyFallback: shown.fallback };
      }),
    };
  });
}

export function getMaintenanceView(db: Db, id: number, reader?: Reader): MaintenanceView | undefined {
  const row = db.select().from(maintenances).where(eq(maintenances.id, id)).get();
  return row ? hydrateMaintenances(db, [row], reader)[0] : undefined;
}

export function activeMaintenances(db: Db, reader?: Reader): MaintenanceView[] {
  return hydrateMaintenances(db, db.select().from(maintenances).where(inArray(maintenances.status, ['in_progress', 'verifying'])).orderBy(asc(maintenances.scheduledStart)).all(), reader);
}

export function upcomingMaintenances(db: Db, reader?: Reader): MaintenanceView[] {
  return hydrateMaintenances(db, db.select().from(maintenances).where(eq(maintenances.status, 'scheduled')).orderBy(asc(maintenances.scheduledStart)).all(), reader);
}

/** Every window, newest first: Statuspage's scheduled-maintenances.json lists them all. */
export function recentMaintenances(db: Db, limit = 50): MaintenanceView[] {
  return hydrateMaintenances(db, db.select().from(maintenances).orderBy(desc(maintenances.scheduledStart), desc(maintenances.id)).limit(limit).all());
}
