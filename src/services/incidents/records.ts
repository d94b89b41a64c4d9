// Incidents as the admin API sees them: the row, the whole impact history (intervals), the update
// timeline and the post-incident report — draft included, which the public views never show.
// A fixed number of queries however many incidents are loaded.
import { asc, desc, eq, inArray, isNotNull, isNull, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidentImpacts, incidentReportRevisions, incidentReports, incidentUpdates, incidents, services } from '../../../db/schema.ts';
import type { Locale } from '../../config.ts';
import type { Impact, IncidentStatus } from '../../domain/vocabulary.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { Tx } from '../kernel/write.ts';

type Conn = Db | Tx;

export type IncidentRow = typeof incidents.$inferSelect;
export type ReportRow = typeof incidentReports.$inferSelect;
/** An edit of a published report: when, by whom, and the text it replaced. */
export type ReportRevision = Omit<typeof incidentReportRevisions.$inferSelect, 'incidentId'>;
export type ReportRecord = ReportRow & { /** Oldest first. */ revisions: ReportRevision[] };

export interface ImpactRecord {
  id: number;
  serviceId: number;
  slug: string;
  name: string;
  /** The service's language (null: the default locale) and its name in the other one. */
  serviceLang: Locale | null;
  nameTranslation: string | null;
  impact: Impact;
  startAt: number;
  /** null = still in force. */
  endAt: number | null;
}

export interface IncidentRecord extends IncidentRow {
  /** The impact history, by start (then id). */
  impacts: ImpactRecord[];
  /** Latest first. */
  updates: { id: number; status: IncidentStatus; body: string; bodyTranslation: string | null; createdAt: number; backfilled: boolean }[];
  report: ReportRecord | null;
}

export function loadIncidents(db: Conn, rows: IncidentRow[]): IncidentRecord[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const impacts = db
    .select({
      incidentId: incidentImpacts.incidentId,
      id: incidentImpacts.id,
      serviceId: incidentImpacts.serviceId,
      slug: services.slug,
      name: services.name,
      serviceLang: services.lang,
      nameTranslation: services.nameTranslation,
      impact: incidentImpacts.impact,
      startAt: incidentImpacts.startAt,
      endAt: incidentImpacts.endAt,
    })
    .from(incidentImpacts)
    .innerJoin(services, eq(services.id, incidentImpacts.serviceId))
    .where(inArray(incidentImpacts.incidentId, ids))
    .orderBy(asc(incidentImpacts.startAt), asc(incidentImpacts.id))
    .all();
  const updates = db.select().from(incidentUpdates).where(inArray(incidentUpdates.incidentId, ids)).orderBy(desc(incidentUpdates.createdAt), desc(incidentUpdates.id)).all();
  const reports = db.select().from(incidentReports).where(inArray(incidentReports.incidentId, ids)).all();
  const revisions = reports.length === 0 ? [] : db.select().from(incidentReportRevisions).where(inArray(incidentReportRevisions.incidentId, ids)).orderBy(asc(incidentReportRevisions.editedAt), asc(incidentReportRevisions.id)).all();
  return rows.map((row) => ({
    ...row,
    impacts: impacts.filter((i) => i.incidentId === row.id).map(({ incidentId: _, ...i }) => i),
    updates: updates.filter((u) => u.incidentId === row.id).map(({ id, status, body, bodyTranslation, createdAt, backfilled }) => ({ id, status, body, bodyTranslation, createdAt, backfilled })),
    report: withRevisions(reports.find((r) => r.incidentId === row.id), revisions),
  }));
}

function withRevisions(report: ReportRow | undefined, all: (typeof incidentReportRevisions.$inferSelect)[]): ReportRecord | null {
  if (!report) return null;
  return { ...report, revisions: all.filter((r) => r.incidentId === report.incidentId).map(({ incidentId: _, ...r }) => r) };
}

export function getIncident(db: Conn, id: number): IncidentRecord | undefined {
  const row = db.select().from(incidents).where(eq(incidents.id, id)).get();
  return row ? loadIncidents(db, [row])[0] : undefined;
}

export function requireIncident(db: Conn, id: number): IncidentRecord {
  const found = getIncident(db, id);
  if (!found) throw new ApiError('not_found', `No incident ${id}.`);
  return found;
}

export type IncidentFilter = 'open' | 'resolved' | 'all';

/** Newest first by start (the order of the public history), at most `limit`. */
export function listIncidents(db: Conn, o: { status: IncidentFilter; limit: number }): IncidentRecord[] {
  const where: SQL | undefined = o.status === 'open' ? isNull(incidents.resolvedAt) : o.status === 'resolved' ? isNotNull(incidents.resolvedAt) : undefined;
  return loadIncidents(db, db.select().from(incidents).where(where).orderBy(desc(incidents.startedAt), desc(incidents.id)).limit(o.limit).all());
}

/** The rows in force now (endAt null). */
export function openImpacts(m: IncidentRecord): ImpactRecord[] {
  return m.impacts.filter((i) => i.endAt === null);
}

/**
 * The services an incident affects "now": the open impacts while it is open; once resolved, the
 * impacts that were in force at resolution (what staff last said), so a resolved incident still
 * names its services. By name.
 */
export function currentImpacts(m: IncidentRecord): ImpactRecord[] {
  const current = m.resolvedAt === null ? openImpacts(m) : m.impacts.filter((i) => i.endAt === m.resolvedAt);
  return [...current].sort((a, b) => a.name.localeCompare(b.name) || a.serviceId - b.serviceId);
}

/** Every service the incident ever touched, ascending ids (whose subscribers a report concerns). */
export function allServiceIds(m: IncidentRecord): number[] {
  return [...new Set(m.impacts.map((i) => i.serviceId))].sort((a, b) => a - b);
}

/** The time of the incident's latest event (update, report save or publication): backfill may not go before it. */
export function latestEventAt(m: IncidentRecord): number {
  let t = Math.max(m.createdAt, m.startedAt);
  for (const u of m.updates) t = Math.max(t, u.createdAt);
  if (m.report) t = Math.max(t, m.report.updatedAt, m.report.publishedAt ?? 0);
  return t;
}

/** The time of the incident's latest timeline update. */
export function latestUpdateAt(m: IncidentRecord): number {
  return m.updates.reduce((t, u) => Math.max(t, u.createdAt), Math.max(m.createdAt, m.startedAt));
}

/** What the audit log keeps of an incident: the row as stored plus the impacts in force. */
export function auditSnapshot(m: IncidentRecord) {
  const { impacts: _i, updates: _u, report: _r, ...row } = m;
  return { ...row, impacts: openImpacts(m).map((i) => ({ serviceId: i.serviceId, impact: i.impact, startAt: i.startAt })) };
}
