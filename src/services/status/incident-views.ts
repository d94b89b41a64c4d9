// Loads incidents as view models: updates, affected services and the published report, in a fixed
// number of queries however many incidents are asked for.
import { count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents } from '../../../db/schema.ts';
import { incidentImpactLevel, worstStatus } from '../../domain/status.ts';
import type { Impact } from '../../domain/vocabulary.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { loadIncidents, type ImpactRecord, type IncidentRow, type ReportRecord } from '../incidents/records.ts';
import { shownText, type Reader, type ShownText } from './reader.ts';
import type { AffectedServiceView, IncidentView } from './view-models.ts';

/**
 * The records the admin side loads, shaped for the public: sanitised HTML, no draft reports, and
 * with a reader each text in their language (or marked as a fallback).
 */
export function hydrateIncidents(db: Db, rows: IncidentRow[], reader?: Reader): IncidentView[] {
  return loadIncidents(db, rows).map((m) => {
    const text = (original: string, translation: string | null) => shownText(reader, m.lang, original, translation);
    const serviceName = (i: ImpactRecord) => shownText(reader, i.serviceLang, i.name, i.nameTranslation);
    // Per service, the worst impact over the incident and its history (impacts are in start order):
    // showing only the last one would call a critical outage that eased off "degraded" (issue 13).
    const byService = new Map<number, AffectedServiceView>();
    for (const i of m.impacts) {
      const found = byService.get(i.serviceId);
      const name = serviceName(i);
      const entry = found ?? { id: i.serviceId, slug: i.slug, name: name.text, nameFallback: name.fallback, impact: i.impact, currentImpact: null, history: [] };
      entry.impact = worstStatus([entry.impact, i.impact]) as Impact;
      if (i.endAt === null && m.resolvedAt === null) entry.currentImpact = i.impact;
      entry.history.push({ impact: i.impact, start: i.startAt, end: i.endAt });
      if (!found) byService.set(i.serviceId, entry);
    }
    const title = text(m.title, m.titleTranslation);
    return {
      id: m.id,
      title: title.text,
      titleFallback: title.fallback,
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
      updates: m.updates.map(({ bodyTranslation, ...u }) => {
        const body = text(u.body, bodyTranslation);
        return { ...u, body: body.text, bodyHtml: renderMarkdown(body.text), bodyFallback: body.fallback };
      }),
      services: [...byService.values()].sort((a, b) => a.name.localeCompare(b.name)),
      impacts: m.impacts.map(({ serviceId, impact, startAt, endAt }) => ({ serviceId, impact, startAt, endAt })),
      report: publishedReport(m.report, text),
    };
  });
}

/**
 * The published report with its edit history: each earlier version, the time it was replaced.
 * Authors stay in the admin API; the public sees when the published text changed and what it said.
 */
function publishedReport(r: ReportRecord | null, text: (original: string, translation: string | null) => ShownText): IncidentView['report'] {
  if (r?.publishedAt == null) return null;
  const body = text(r.body, r.bodyTranslation);
  return {
    bodyHtml: renderMarkdown(body.text),
    bodyFallback: body.fallback,
    publishedAt: r.publishedAt,
    editedAt: r.revisions.at(-1)?.editedAt ?? null,
    revisions: r.revisions.map((v) => {
      const previous = text(v.previousBody, v.previousBodyTranslation);
      return { editedAt: v.editedAt, previousHtml: renderMarkdown(previous.text), previousFallback: previous.fallback };
    }),
  };
}

export function getIncidentView(db: Db, id: number, reader?: Reader): IncidentView | undefined {
  const row = db.select().from(incidents).where(eq(incidents.id, id)).get();
  return row ? hydrateIncidents(db, [row], reader)[0] : undefined;
}

export function unresolvedIncidents(db: Db, reader?: Reader): IncidentView[] {
  return hydrateIncidents(db, db.select().from(incidents).where(ne(incidents.status, 'resolved')).orderBy(desc(incidents.startedAt), desc(incidents.id)).all(), reader);
}

/** Incidents newest first (by start), `limit` per page. */
export function incidentPage(db: Db, opts: { limit: number; offset: number }, reader?: Reader): { incidents: IncidentView[]; total: number } {
  const rows = db.select().from(incidents).orderBy(desc(incidents.startedAt), desc(incidents.id)).limit(opts.limit).offset(opts.offset).all();
  const total = db.select({ n: count() }).from(incidents).get()!.n;
  return { incidents: hydrateIncidents(db, rows, reader), total };
}

/** Just the titles of these incidents (for bar tooltips), in the reader's language where translated: no updates, no markdown rendering. */
export function incidentTitles(db: Db, ids: number[], reader?: Reader): Map<number, string> {
  if (ids.length === 0) return new Map();
  const rows = db.select({ id: incidents.id, title: incidents.title, lang: incidents.lang, titleTranslation: incidents.titleTranslation }).from(incidents).where(inArray(incidents.id, ids)).all();
  return new Map(rows.map((r) => [r.id, shownText(reader, r.lang, r.title, r.titleTranslation).text]));
}
