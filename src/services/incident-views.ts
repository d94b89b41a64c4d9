// Loads incidents as view models: updates, affected services and the published report, in a fixed
// number of queries however many incidents are asked for.
import { and, asc, count, desc, eq, inArray, isNotNull, ne } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { incidentImpacts, incidentReports, incidentUpdates, incidents, services } from '../../db/schema.ts';
import { incidentImpactLevel } from '../domain/status.ts';
import type { Impact } from '../domain/types.ts';
import { renderMarkdown } from '../lib/markdown.ts';
import type { AffectedServiceView, IncidentView } from './views.ts';

type IncidentRow = typeof incidents.$inferSelect;

export function hydrateIncidents(db: Db, rows: IncidentRow[]): IncidentView[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const updates = db.select().from(incidentUpdates).where(inArray(incidentUpdates.incidentId, ids)).orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id)).all();
  const impacts = db
    .select({ incidentId: incidentImpacts.incidentId, impact: incidentImpacts.impact, startAt: incidentImpacts.startAt, endAt: incidentImpacts.endAt, id: services.id, slug: services.slug, name: services.name })
    .from(incidentImpacts)
    .innerJoin(services, eq(services.id, incidentImpacts.serviceId))
    .where(inArray(incidentImpacts.incidentId, ids))
    .orderBy(asc(incidentImpacts.startAt), asc(incidentImpacts.id))
    .all();
  const reports = db.select().from(incidentReports).where(and(inArray(incidentReports.incidentId, ids), isNotNull(incidentReports.publishedAt))).all();

  return rows.map((row) => {
    const own = impacts.filter((i) => i.incidentId === row.id);
    // Per service, the impact in force now, or the last one that was (rows are in start order).
    const byService = new Map<number, AffectedServiceView>();
    for (const i of own) {
      const current = byService.get(i.id);
      if (!current || row.resolvedAt !== null || i.endAt === null) byService.set(i.id, { id: i.id, slug: i.slug, name: i.name, impact: i.impact });
    }
    const report = reports.find((r) => r.incidentId === row.id);
    return {
      id: row.id,
      title: row.title,
      severity: row.severity,
      status: row.status,
      impact: incidentImpactLevel(own.map((i) => i.impact as Impact)),
      startedAt: row.startedAt,
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
      monitoringAt: row.monitoringAt,
      resolvedAt: row.resolvedAt,
      backfilled: row.backfilled,
      slaExclusion: row.slaExclusionCause ? { cause: row.slaExclusionCause, reason: row.slaExclusionReason ?? '' } : null,
      updates: updates
        .filter((u) => u.incidentId === row.id)
        .map((u) => ({ id: u.id, status: u.status, body: u.body, bodyHtml: renderMarkdown(u.body), createdAt: u.createdAt, backfilled: u.backfilled })),
      services: [...byService.values()].sort((a, b) => a.name.localeCompare(b.name)),
      report: report ? { bodyHtml: renderMarkdown(report.body), publishedAt: report.publishedAt! } : null,
    };
  });
}

export function getIncidentView(db: Db, id: number): IncidentView | undefined {
  const row = db.select().from(incidents).where(eq(incidents.id, id)).get();
  return row ? hydrateIncidents(db, [row])[0] : undefined;
}

export function unresolvedIncidents(db: Db): IncidentView[] {
  return hydrateIncidents(db, db.select().from(incidents).where(ne(incidents.status, 'resolved')).orderBy(desc(incidents.startedAt), desc(incidents.id)).all());
}

/** Incidents newest first (by start), `limit` per page. */
export function incidentPage(db: Db, opts: { limit: number; offset: number }): { incidents: IncidentView[]; total: number } {
  const rows = db.select().from(incidents).orderBy(desc(incidents.startedAt), desc(incidents.id)).limit(opts.limit).offset(opts.offset).all();
  const total = db.select({ n: count() }).from(incidents).get()!.n;
  return { incidents: hydrateIncidents(db, rows), total };
}

/** Just the titles of these incidents (for bar tooltips): no updates, no markdown rendering. */
export function incidentTitles(db: Db, ids: number[]): Map<number, string> {
  if (ids.length === 0) return new Map();
  return new Map(db.select({ id: incidents.id, title: incidents.title }).from(incidents).where(inArray(incidents.id, ids)).all().map((r) => [r.id, r.title]));
}
