// Loads incidents as view models: updates, affected services and the published report, in a fixed
// number of queries however many incidents are asked for.
import { count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents } from '../../../db/schema.ts';
import { incidentImpactLevel, worstStatus } from '../../domain/status.ts';
import type { Impact } from '../../domain/vocabulary.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { loadIncidents, type IncidentRow } from '../incidents/records.ts';
import type { AffectedServiceView, IncidentView } from './view-models.ts';

/** The records the admin side loads, shaped for the public: sanitised HTML, no draft reports. */
export function hydrateIncidents(db: Db, rows: IncidentRow[]): IncidentView[] {
  return loadIncidents(db, rows).map((m) => {
    // Per service, the worst impact over the incident and its history (impacts are in start order):
    // showing only the last one would call a critical outage that eased off "degraded" (issue 13).
    const byService = new Map<number, AffectedServiceView>();
    for (const i of m.impacts) {
      const found = byService.get(i.serviceId);
      const entry = found ?? { id: i.serviceId, slug: i.slug, name: i.name, impact: i.impact, currentImpact: null, history: [] };
      entry.impact = worstStatus([entry.impact, i.impact]) as Impact;
      if (i.endAt === null && m.resolvedAt === null) entry.currentImpact = i.impact;
      entry.history.push({ impact: i.impact, start: i.startAt, end: i.endAt });
      if (!found) byService.set(i.serviceId, entry);
    }
    const published = m.report?.publishedAt != null ? { body: m.report.body, publishedAt: m.report.publishedAt } : null;
    return {
      id: m.id,
      title: m.title,
      severity: m.severity,
      status: m.status,
      impact: incidentImpactLevel(m.impacts.map((i) => i.impact)),
      startedAt: m.startedAt,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
      monitoringAt: m.monitoringAt,
      resolvedAt: m.resolvedAt,
      backfilled: m.backfilled,
      slaExclusion: m.slaExclusionCause ? { cause: m.slaExclusionCause, reason: m.slaExclusionReason ?? '' } : null,
      updates: m.updates.map((u) => ({ ...u, bodyHtml: renderMarkdown(u.body) })),
      services: [...byService.values()].sort((a, b) => a.name.localeCompare(b.name)),
      report: published ? { bodyHtml: renderMarkdown(published.body), publishedAt: published.publishedAt } : null,
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
