// The public history: incidents and the maintenance windows that were worked, newest first, in one
// list, optionally for one service and/or matching a text. One query for the page's ids (a UNION of
// both kinds, so paging is exact across them), one for the total, then the usual hydration.
// Text search is LIKE over the lower-cased titles and the bodies of updates and
// maintenance windows, with the user's % and _ taken literally.
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { incidents, maintenances } from '../../../db/schema.ts';
import { hydrateIncidents } from './incident-views.ts';
import { hydrateMaintenances } from './maintenance-views.ts';
import type { Reader } from './reader.ts';
import type { IncidentView, MaintenanceView } from './view-models.ts';

/** Longest search text kept (the cache key keeps no more either: src/server/cache-key.ts). */
export const SEARCH_MAX_LENGTH = 100;

export interface HistoryFilter {
  serviceId?: number;
  /** Already normalised (normaliseSearch). */
  q?: string;
}

export type HistoryEntry = { kind: 'incident'; at: number; incident: IncidentView } | { kind: 'maintenance'; at: number; maintenance: MaintenanceView };

/** Trimmed, inner whitespace collapsed, lower-cased, at most SEARCH_MAX_LENGTH characters; '' = no search. */
export function normaliseSearch(q: string | null): string {
  return (q ?? '').trim().replace(/\s+/g, ' ').toLowerCase().slice(0, SEARCH_MAX_LENGTH).trim();
}

function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `lower(a) LIKE ? OR lower(b) LIKE ? …`, one parameter per column: case-insensitive on either engine (PostgreSQL's LIKE is not). */
function likeAny(columns: string[]): string {
  return `(${columns.map((c) => `lower(${c}) LIKE ? ESCAPE '\\'`).join(' OR ')})`;
}

function entriesSql(filter: HistoryFilter): { sql: string; params: (string | number)[] } {
  const params: (string | number)[] = [];
  const incidentWhere: string[] = [];
  const maintenanceWhere: string[] = ['m.actual_start IS NOT NULL'];
  if (filter.serviceId !== undefined) {
    incidentWhere.push('EXISTS (SELECT 1 FROM incident_impacts x WHERE x.incident_id = i.id AND x.service_id = ?)');
    params.push(filter.serviceId);
  }
  if (filter.q) {
    // Both languages are searched: a reader may type the words of either.
    incidentWhere.push(`(${likeAny(['i.title', 'i.title_translation'])} OR EXISTS (SELECT 1 FROM incident_updates u WHERE u.incident_id = i.id AND ${likeAny(['u.body', 'u.body_translation'])}))`);
    params.push(...Array<string>(4).fill(likePattern(filter.q)));
  }
  if (filter.serviceId !== undefined) {
    maintenanceWhere.push('EXISTS (SELECT 1 FROM maintenance_services x WHERE x.maintenance_id = m.id AND x.service_id = ?)');
    params.push(filter.serviceId);
  }
  if (filter.q) {
    maintenanceWhere.push(`(${likeAny(['m.title', 'm.title_translation', 'm.body', 'm.body_translation'])} OR EXISTS (SELECT 1 FROM maintenance_updates u WHERE u.maintenance_id = m.id AND ${likeAny(['u.body', 'u.body_translation'])}))`);
    params.push(...Array<string>(6).fill(likePattern(filter.q)));
  }
  const where = (list: string[]) => (list.length ? `WHERE ${list.join(' AND ')}` : '');
  return {
    sql: `SELECT 'incident' AS kind, i.id AS id, i.started_at AS at FROM incidents i ${where(incidentWhere)}
          UNION ALL
          SELECT 'maintenance' AS kind, m.id AS id, m.actual_start AS at FROM maintenances m ${where(maintenanceWhere)}`,
    params,
  };
}

/** One page of the history, newest first (by start), and how many entries match in all. */
export function historyPage(db: Db, filter: HistoryFilter, page: { limit: number; offset: number }, reader?: Reader): { entries: HistoryEntry[]; total: number } {
  const { sql, params } = entriesSql(filter);
  const rows = db.$client
    .prepare(`SELECT kind, id, at FROM (${sql}) AS e ORDER BY at DESC, kind ASC, id DESC LIMIT ? OFFSET ?`)
    .all(...params, page.limit, page.offset) as { kind: 'incident' | 'maintenance'; id: number; at: number }[];
  const total = (db.$client.prepare(`SELECT COUNT(*) AS n FROM (${sql}) AS e`).get(...params) as { n: number }).n;

  const incidentIds = rows.filter((r) => r.kind === 'incident').map((r) => r.id);
  const maintenanceIds = rows.filter((r) => r.kind === 'maintenance').map((r) => r.id);
  const incidentViews = new Map(
    (incidentIds.length ? hydrateIncidents(db, db.select().from(incidents).where(inArray(incidents.id, incidentIds)).all(), reader) : []).map((v) => [v.id, v]),
  );
  const maintenanceViews = new Map(
    (maintenanceIds.length ? hydrateMaintenances(db, db.select().from(maintenances).where(inArray(maintenances.id, maintenanceIds)).all(), reader) : []).map((v) => [v.id, v]),
  );
  const entries: HistoryEntry[] = rows.flatMap((r): HistoryEntry[] => {
    if (r.kind === 'incident') {
      const incident = incidentViews.get(r.id);
      return incident ? [{ kind: 'incident', at: r.at, incident }] : [];
    }
    const maintenance = maintenanceViews.get(r.id);
    return maintenance ? [{ kind: 'maintenance', at: r.at, maintenance }] : [];
  });
  return { entries, total };
}
