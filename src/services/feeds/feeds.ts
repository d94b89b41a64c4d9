// What the feeds (RSS, Atom, JSON Feed) say, independent of their formats: one entry per incident,
// per maintenance window and per published post-incident report, with ids that never change, the
// time each record last changed, absolute links in the reader's locale and sanitised HTML.
// src/api/public/feeds.ts only serialises these models.
//
// Choices:
// - Entry ids are the locale-free permalinks (`${PUBLIC_URL}/incidents/7`, `…/maintenance/3`,
//   `…/incidents/7#report`): the same record is the same entry in both languages, and nothing about
//   a record's life (status, title, edits) changes its id. Only moving the page to another
//   PUBLIC_URL does, as it would for any permalink.
// - `updated` is when the record last changed as a reader sees it: the row's updatedAt or its
//   latest timeline update, whichever is later (a backfilled update can be newer than the row);
//   a report's is its publication, or a later edit. Never the clock, so two reads agree.
// - The latest FEED_LIMIT entries, newest `updated` first: each kind is read newest-first with the
//   same limit in SQL, then merged, so a feed costs three bounded queries however long the history.
import escapeHtml from 'escape-html';
import { and, desc, eq, inArray, isNotNull, sql, type SQL } from 'drizzle-orm';
import { incidentImpacts, incidentReports, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances, services } from '../../../db/schema.ts';
import type { Locale } from '../../config.ts';
import { feedTexts, type FeedText } from '../../i18n/feeds.ts';
import { createFormatter, type Formatter } from '../../i18n/format.ts';
import { dictionary, updateStatusLabel, type Dictionary } from '../../i18n/index.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import type { AppContext } from '../kernel/context.ts';
import { hydrateIncidents } from '../status/incident-views.ts';
import { readerFor, shownText, type Reader, type ShownText } from '../status/reader.ts';
import { hydrateMaintenances } from '../status/maintenance-views.ts';
import type { IncidentView, MaintenanceView, UpdateView } from '../status/view-models.ts';

export const FEED_LIMIT = 50;

export type FeedFormat = 'rss' | 'atom' | 'json';
export type FeedEntryKind = 'incident' | 'maintenance' | 'report';

export interface FeedEntry {
  kind: FeedEntryKind;
  id: string;
  /** Plain text. */
  title: string;
  /** Absolute permalink in the feed's locale. */
  link: string;
  published: number;
  updated: number;
  /** Plain text: status and services at a glance. */
  summary: string;
  /** Sanitised HTML. */
  contentHtml: string;
}

export interface FeedModel {
  locale: Locale;
  title: string;
  description: string;
  /** Absolute link to the status page in the feed's locale. */
  homeUrl: string;
  /** Absolute URL of this feed in each format (the self link is the one requested). */
  links: Record<FeedFormat, string>;
  author: { name: string; url: string };
  /** The newest entry's `updated`; 0 for an empty feed. */
  updated: number;
  entries: FeedEntry[];
}

export interface FeedScope {
  locale: Locale;
  /** False for `/feed.rss`: the default locale without a prefix, and the self links say so. */
  localeInPath: boolean;
  /** Only this service's incidents, windows and reports. */
  serviceSlug?: string | undefined;
}


/** The active service with this slug; undefined for unknown and archived ones (their feed is a 404). */
function feedService(ctx: AppContext, slug: string, reader: Reader): { id: number; name: string } | undefined {
  const row = ctx.db.select({ id: services.id, name: services.name, lang: services.lang, nameTranslation: services.nameTranslation, archivedAt: services.archivedAt }).from(services).where(eq(services.slug, slug)).get();
  return row && row.archivedAt === null ? { id: row.id, name: shownText(reader, row.lang, row.name, row.nameTranslation).text } : undefined;
}

/** The feed for a scope, or undefined when its service does not exist. */
export function buildFeed(ctx: AppContext, scope: FeedScope): FeedModel | undefined {
  const { config } = ctx;
  // Each locale's feed carries the texts in its language (originals marked where untranslated).
  const reader = readerFor(scope.locale);
  const service = scope.serviceSlug === undefined ? undefined : feedService(ctx, scope.serviceSlug, reader);
  if (scope.serviceSlug !== undefined && !service) return undefined;
  const text = feedTexts[scope.locale];
  const base = `${config.publicUrl}${scope.localeInPath ? `/${scope.locale}` : ''}${scope.serviceSlug === undefined ? '' : `/services/${encodeURIComponent(scope.serviceSlug)}`}/feed`;
  const r: Renderer = { base: config.publicUrl, locale: scope.locale, t: dictionary(scope.locale), fmt: createFormatter(scope.locale, config.timeZone), text };
  const entries = [
    ...latestIncidents(ctx, service?.id, reader).map((i) => incidentEntry(r, i)),
    ...latestMaintenances(ctx, service?.id, reader).map((m) => maintenanceEntry(r, m)),
    ...latestReports(ctx, service?.id, reader).map((rep) => reportEntry(r, rep)),
  ]
    .sort((a, b) => b.updated - a.updated || b.published - a.published || a.id.localeCompare(b.id))
    .slice(0, FEED_LIMIT);
  return {
    locale: scope.locale,
    title: service ? text.serviceTitle(config.pageName, service.name) : text.title(config.pageName),
    description: service ? text.serviceDescription(config.pageName, service.name) : text.description(config.pageName),
    homeUrl: `${config.publicUrl}/${scope.locale}/`,
    links: { rss: `${base}.rss`, atom: `${base}.atom`, json: `${base}.json` },
    author: { name: config.pageName, url: config.publicUrl },
    updated: entries[0]?.updated ?? 0,
    entries,
  };
}

// ---- reads: each kind newest first by the same `updated` the entries carry ----

/** The larger of two non-null values, in SQL both engines read (SQLite's max(a, b) is PostgreSQL's greatest). */
const larger = (a: SQL, b: SQL) => sql`(case when ${a} > ${b} then ${a} else ${b} end)`;
const incidentTouched = larger(sql`${incidents.updatedAt}`, sql`coalesce((select max(${incidentUpdates.createdAt}) from ${incidentUpdates} where ${incidentUpdates.incidentId} = ${incidents.id}), 0)`);
const maintenanceTouched = larger(sql`${maintenances.updatedAt}`, sql`coalesce((select max(${maintenanceUpdates.createdAt}) from ${maintenanceUpdates} where ${maintenanceUpdates.maintenanceId} = ${maintenances.id}), 0)`);
const reportTouched = larger(sql`${incidentReports.publishedAt}`, sql`${incidentReports.updatedAt}`);

/** Incidents that ever had an impact on the service (the impact history, not just the current one). */
function onService(serviceId: number | undefined): SQL | undefined {
  if (serviceId === undefined) return undefined;
  return inArray(incidents.id, sql`(select ${incidentImpacts.incidentId} from ${incidentImpacts} where ${incidentImpacts.serviceId} = ${serviceId})`);
}

function latestIncidents(ctx: AppContext, serviceId: number | undefined, reader: Reader): IncidentView[] {
  const rows = ctx.db.select().from(incidents).where(onService(serviceId)).orderBy(desc(incidentTouched), desc(incidents.id)).limit(FEED_LIMIT).all();
  return hydrateIncidents(ctx.db, rows, reader);
}

function latestMaintenances(ctx: AppContext, serviceId: number | undefined, reader: Reader): MaintenanceView[] {
  const where = serviceId === undefined ? undefined : inArray(maintenances.id, sql`(select ${maintenanceServices.maintenanceId} from ${maintenanceServices} where ${maintenanceServices.serviceId} = ${serviceId})`);
  const rows = ctx.db.select().from(maintenances).where(where).orderBy(desc(maintenanceTouched), desc(maintenances.id)).limit(FEED_LIMIT).all();
  return hydrateMaintenances(ctx.db, rows, reader);
}

interface ReportRow {
  incidentId: number;
  incidentTitle: ShownText;
  body: ShownText;
  publishedAt: number;
  updatedAt: number;
}

function latestReports(ctx: AppContext, serviceId: number | undefined, reader: Reader): ReportRow[] {
  const rows = ctx.db
    .select({
      incidentId: incidentReports.incidentId,
      lang: incidents.lang,
      incidentTitle: incidents.title,
      titleTranslation: incidents.titleTranslation,
      body: incidentReports.body,
      bodyTranslation: incidentReports.bodyTranslation,
      publishedAt: incidentReports.publishedAt,
      updatedAt: incidentReports.updatedAt,
    })
    .from(incidentReports)
    .innerJoin(incidents, eq(incidents.id, incidentReports.incidentId))
    .where(and(isNotNull(incidentReports.publishedAt), onService(serviceId)))
    .orderBy(desc(reportTouched), desc(incidentReports.incidentId))
    .limit(FEED_LIMIT)
    .all();
  return rows.flatMap((r) =>
    r.publishedAt === null
      ? []
      : [{ incidentId: r.incidentId, incidentTitle: shownText(reader, r.lang, r.incidentTitle, r.titleTranslation), body: shownText(reader, r.lang, r.body, r.bodyTranslation), publishedAt: r.publishedAt, updatedAt: r.updatedAt }],
  );
}

// ---- entries ----

interface Renderer {
  base: string;
  locale: Locale;
  t: Dictionary;
  fmt: Formatter;
  text: FeedText;
}

/** When a record last changed as a reader sees it: the row or its newest timeline update. */
export const lastChange = (row: { updatedAt: number; updates: { createdAt: number }[] }) => Math.max(row.updatedAt, ...row.updates.map((u) => u.createdAt));

/** A title in the feed's language, or the original followed by the note naming its language. */
function titleText(r: Renderer, text: string, fallback: Locale | null | undefined): string {
  return fallback ? `${text} ${r.t.fallback[fallback]}` : text;
}

/** Sanitised HTML in the feed's language, or the original marked with its `lang` and a note. */
function proseHtml(r: Renderer, html: string, fallback: Locale | null | undefined): string {
  return fallback ? `<p><em>${escapeHtml(r.t.fallback[fallback])}</em></p><div lang="${fallback}">${html}</div>` : html;
}

function timeHtml(r: Renderer, t: number): string {
  return `<time datetime="${r.fmt.iso(t)}">${escapeHtml(r.fmt.dateTime(t))}</time>`;
}

/** The page's timeline markup: status label, time, sanitised body; latest first. */
function timelineHtml(r: Renderer, updates: UpdateView[]): string {
  if (updates.length === 0) return '';
  const items = updates.map((u) => `<li><p><strong>${escapeHtml(updateStatusLabel(r.t, u.status))}</strong> · ${timeHtml(r, u.createdAt)}</p>${proseHtml(r, u.bodyHtml, u.bodyFallback)}</li>`);
  return `<ol>${items.join('')}</ol>`;
}

function factsHtml(facts: [string, string][]): string {
  return `<p>${facts.map(([label, valueHtml]) => `<strong>${escapeHtml(label)}</strong>: ${valueHtml}`).join('<br>')}</p>`;
}

export const names = (list: { name: string }[]) => list.map((s) => s.name).join(', ');

function incidentEntry(r: Renderer, i: IncidentView): FeedEntry {
  const status = r.t.incidentStatus[i.status];
  const facts: [string, string][] = [[r.t.incident.status, escapeHtml(status)]];
  if (i.services.length > 0) facts.push([r.t.incident.affectedServices, escapeHtml(names(i.services))]);
  return {
    kind: 'incident',
    id: `${r.base}/incidents/${i.id}`,
    title: titleText(r, i.title, i.titleFallback),
    link: `${r.base}/${r.locale}/incidents/${i.id}`,
    published: i.createdAt,
    updated: lastChange(i),
    summary: i.services.length > 0 ? `${status} – ${names(i.services)}` : status,
    contentHtml: factsHtml(facts) + timelineHtml(r, i.updates),
  };
}

function maintenanceEntry(r: Renderer, m: MaintenanceView): FeedEntry {
  const status = r.t.maintenanceStatus[m.status];
  const window = r.fmt.range(m.scheduledStart, m.scheduledEnd);
  const facts: [string, string][] = [
    [r.t.maintenance.scheduled, escapeHtml(window)],
    [r.t.maintenance.status, escapeHtml(status)],
  ];
  if (m.services.length > 0) facts.push([r.t.maintenance.affectedServices, escapeHtml(names(m.services))]);
  return {
    kind: 'maintenance',
    id: `${r.base}/maintenance/${m.id}`,
    title: r.text.maintenanceTitle(titleText(r, m.title, m.titleFallback)),
    link: `${r.base}/${r.locale}/maintenance/${m.id}`,
    published: m.announcedAt,
    updated: lastChange(m),
    summary: `${status} – ${window}`,
    // The body is the announcement; the `scheduled` update repeats it, so only later updates follow.
    contentHtml: factsHtml(facts) + proseHtml(r, m.bodyHtml, m.bodyFallback) + timelineHtml(r, m.updates.filter((u) => u.status !== 'scheduled')),
  };
}

function reportEntry(r: Renderer, rep: ReportRow): FeedEntry {
  const link = `${r.base}/${r.locale}/incidents/${rep.incidentId}`;
  return {
    kind: 'report',
    id: `${r.base}/incidents/${rep.incidentId}#report`,
    title: r.text.reportTitle(titleText(r, rep.incidentTitle.text, rep.incidentTitle.fallback)),
    link: `${link}#report`,
    published: rep.publishedAt,
    updated: Math.max(rep.publishedAt, rep.updatedAt),
    summary: `${r.t.incident.reportPublished}: ${r.fmt.dateTime(rep.publishedAt)}`,
    contentHtml: `${factsHtml([[r.t.incident.reportPublished, timeHtml(r, rep.publishedAt)]])}${proseHtml(r, renderMarkdown(rep.body.text), rep.body.fallback)}<p><a href="${escapeHtml(link)}">${escapeHtml(rep.incidentTitle.text)}</a></p>`,
  };
}
