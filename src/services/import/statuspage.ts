// Moving in from Atlassian Statuspage: a page's public v2 JSON (components and groups, incidents
// with their updates and impacts, scheduled maintenances) written into Baken as backfilled
// history. Every imported record keeps its Statuspage id as `externalId`
// ("statuspage:<page id>:<id>"), so running the import again finds what is already there and
// changes nothing; an incident or window imported before gains the updates it did not have (and an
// incident follows its status, monitoring and resolution times).
// Each record is one write() (row + audit, no outbox: history is never announced).
//
// Mapping choices:
// - Impacts: from the updates' `affected_components` (old → new status per update time), the first
//   update's counting from the incident's `started_at`; an incident without any falls back to its
//   `components` at the level of its `impact` (minor → degraded performance, major → partial
//   outage, critical → major outage) from `started_at` to `resolved_at`. Whatever is still in
//   force when the incident was resolved ends then.
// - Severity from impact: critical → critical, major → high, minor → medium, none → low.
// - `postmortem` (incident status) is resolved; an imported window runs on by itself (the
//   scheduler) only while it is still scheduled.
import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { incidentImpacts, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances, serviceGroups, services } from '../../../db/schema.ts';
import { startOfDay } from '../../domain/calendar.ts';
import type { Impact, IncidentStatus, MaintenanceStatus, Severity } from '../../domain/vocabulary.ts';
import { slugify } from '../catalog/admin.ts';
import type { Actor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { write, type Tx } from '../kernel/write.ts';

const time = z.string().refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO date-time');
const status = z.string();

const SpUpdate = z.object({
  id: z.string(),
  status,
  body: z.string().nullish(),
  created_at: time,
  display_at: time.nullish(),
  affected_components: z.array(z.object({ code: z.string(), old_status: status.nullish(), new_status: status })).nullish(),
});
const SpComponent = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string().nullish(),
  position: z.number().nullish(),
  group: z.boolean().nullish(),
  group_id: z.string().nullish(),
  created_at: time.nullish(),
  updated_at: time.nullish(),
  start_date: z.string().nullish(),
});
const SpRecord = z.object({
  id: z.string(),
  name: z.string(),
  status,
  impact: z.string().nullish(),
  created_at: time,
  updated_at: time.nullish(),
  monitoring_at: time.nullish(),
  resolved_at: time.nullish(),
  started_at: time.nullish(),
  incident_updates: z.array(SpUpdate).default([]),
  components: z.array(z.object({ id: z.string() })).default([]),
});
const SpMaintenance = SpRecord.extend({ scheduled_for: time, scheduled_until: time });

/** A page's v2 JSON: summary.json, components/incidents/scheduled-maintenances.json, or several merged. */
export const StatuspageExport = z.object({
  page: z.object({ id: z.string(), name: z.string().optional(), time_zone: z.string().nullish() }),
  components: z.array(SpComponent).default([]),
  incidents: z.array(SpRecord).default([]),
  scheduled_maintenances: z.array(SpMaintenance).default([]),
});
export type StatuspageExport = z.infer<typeof StatuspageExport>;

/** Merges the answers of several endpoints of one page: later lists add the records earlier ones lack. */
export function mergeExports(parts: unknown[]): StatuspageExport {
  const parsed = parts.map((p) => StatuspageExport.parse(p));
  const byId = <T extends { id: string }>(lists: T[][]) => [...new Map(lists.flat().map((r) => [r.id, r] as const)).values()];
  return {
    page: parsed[0]!.page,
    components: byId(parsed.map((p) => p.components)),
    incidents: byId(parsed.map((p) => p.incidents)),
    scheduled_maintenances: byId(parsed.map((p) => p.scheduled_maintenances)),
  };
}

export interface ImportCounts {
  groups: number;
  services: number;
  incidents: number;
  incidentUpdates: number;
  maintenances: number;
  maintenanceUpdates: number;
  /** Records that were there from an earlier import. */
  unchanged: number;
}

const IMPACT_OF_LEVEL: Record<string, Impact | undefined> = { minor: 'degraded_performance', major: 'partial_outage', critical: 'major_outage' };
const SEVERITY_OF_LEVEL: Record<string, Severity> = { critical: 'critical', major: 'high', minor: 'medium', none: 'low' };
const IMPACTS: readonly string[] = ['degraded_performance', 'partial_outage', 'major_outage'];
const ms = (t: string) => Date.parse(t);
const msOrNull = (t: string | null | undefined) => (t ? Date.parse(t) : null);

function incidentStatus(s: string): IncidentStatus {
  if (s === 'investigating' || s === 'identified' || s === 'monitoring' || s === 'resolved') return s;
  // 'postmortem' and anything unknown after it: the incident is over.
  return 'resolved';
}

function maintenanceStatus(s: string): MaintenanceStatus {
  if (s === 'scheduled' || s === 'in_progress' || s === 'verifying' || s === 'completed' || s === 'cancelled') return s;
  return 'completed';
}

const oldestFirst = <T extends { created_at: string; display_at?: string | null | undefined; id: string }>(list: T[]) =>
  [...list].sort((a, b) => ms(a.display_at ?? a.created_at) - ms(b.display_at ?? b.created_at) || a.id.localeCompare(b.id));

interface Interval {
  serviceId: number;
  impact: Impact;
  startAt: number;
  endAt: number | null;
}

/** The impact history of an incident, as intervals per service (see the header). */
export function impactIntervals(r: z.infer<typeof SpRecord>, serviceOf: (componentId: string) => number | undefined): Interval[] {
  const startedAt = ms(r.started_at ?? r.created_at);
  const resolvedAt = incidentStatus(r.status) === 'resolved' ? (msOrNull(r.resolved_at) ?? ms(r.updated_at ?? r.created_at)) : null;
  const result: Interval[] = [];
  const open = new Map<number, Interval>();
  const updates = oldestFirst(r.incident_updates);
  const withChanges = updates.filter((u) => u.affected_components?.length);
  if (withChanges.length > 0) {
    updates.forEach((u, index) => {
      const at = index === 0 ? Math.min(startedAt, ms(u.display_at ?? u.created_at)) : ms(u.display_at ?? u.created_at);
      for (const c of u.affected_components ?? []) {
        const serviceId = serviceOf(c.code);
        if (serviceId === undefined) continue;
        const current = open.get(serviceId);
        if (current?.impact === c.new_status) continue;
        if (current) {
          current.endAt = at;
          open.delete(serviceId);
        }
        if (IMPACTS.includes(c.new_status)) {
          const next: Interval = { serviceId, impact: c.new_status as Impact, startAt: at, endAt: null };
          result.push(next);
          open.set(serviceId, next);
        }
      }
    });
  } else {
    const impact = IMPACT_OF_LEVEL[r.impact ?? 'none'];
    if (impact) for (const c of r.components) {
      const serviceId = serviceOf(c.id);
      if (serviceId === undefined) continue;
      const next: Interval = { serviceId, impact, startAt: startedAt, endAt: null };
      result.push(next);
      open.set(serviceId, next);
    }
  }
  if (resolvedAt !== null) for (const i of open.values()) i.endAt = Math.max(i.startAt, resolvedAt);
  return result;
}

function uniqueSlug(tx: Tx, name: string): string {
  const base = slugify(name) || 'service';
  for (let n = 1; ; n++) {
    const slug = n === 1 ? base : `${base.slice(0, 56)}-${n}`;
    if (!tx.select({ id: services.id }).from(services).where(eq(services.slug, slug)).get()) return slug;
  }
}

function uniqueGroupName(tx: Tx, name: string): string {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? name : `${name} (${n})`;
    if (!tx.select({ id: serviceGroups.id }).from(serviceGroups).where(eq(serviceGroups.name, candidate)).get()) return candidate;
  }
}

/**
 * Writes the page into Baken. `progress` gets one line per stage. Records already imported (same
 * external id) are left as they are.
 */
export function importStatuspage(ctx: AppContext, actor: Actor, data: StatuspageExport, progress: (line: string) => void = () => {}): ImportCounts {
  const counts: ImportCounts = { groups: 0, services: 0, incidents: 0, incidentUpdates: 0, maintenances: 0, maintenanceUpdates: 0, unchanged: 0 };
  const ext = (id: string) => `statuspage:${data.page.id}:${id}`;
  const now = ctx.clock();
  const zone = data.page.time_zone || ctx.config.timeZone;
  const at = (t: number) => ({ at: Math.min(t, now), backfilled: true });

  // Components: groups first (services point at them), both in their Statuspage order.
  const ordered = [...data.components].sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  const groupIds = new Map<string, number>();
  const serviceIds = new Map<string, number>();
  const known = (table: typeof serviceGroups | typeof services) =>
    new Map(ctx.db.select({ id: table.id, externalId: table.externalId }).from(table).where(isNotNull(table.externalId)).all().map((r) => [r.externalId!, r.id]));
  const knownGroups = known(serviceGroups);
  const knownServices = known(services);
  const groups = ordered.filter((c) => c.group);
  groups.forEach((g, position) => {
    const found = knownGroups.get(ext(g.id));
    if (found !== undefined) return void (groupIds.set(g.id, found), counts.unchanged++);
    const t = msOrNull(g.created_at) ?? now;
    const id = write(ctx, actor, at(t), ({ tx, audit }) => {
      const row = tx.insert(serviceGroups).values({ name: uniqueGroupName(tx, g.name), position, createdAt: Math.min(t, now), updatedAt: Math.min(msOrNull(g.updated_at) ?? t, now), externalId: ext(g.id) }).returning().get();
      audit({ action: 'import.statuspage', entityType: 'group', entityId: row.id, after: row });
      return row.id;
    });
    groupIds.set(g.id, id);
    counts.groups++;
  });
  const perGroup = new Map<number | null, number>();
  for (const c of ordered.filter((x) => !x.group)) {
    const found = knownServices.get(ext(c.id));
    if (found !== undefined) {
      serviceIds.set(c.id, found);
      counts.unchanged++;
      continue;
    }
    const groupId = c.group_id ? (groupIds.get(c.group_id) ?? null) : null;
    const position = perGroup.get(groupId) ?? 0;
    perGroup.set(groupId, position + 1);
    const created = Math.min(msOrNull(c.created_at) ?? now, now);
    const startDate = Math.min(c.start_date && /^\d{4}-\d\d-\d\d$/.test(c.start_date) ? startOfDay(c.start_date, zone) : created, now);
    const id = write(ctx, actor, at(created), ({ tx, audit }) => {
      const row = tx
        .insert(services)
        .values({ slug: uniqueSlug(tx, c.name), name: c.name, description: c.description ?? '', groupId, position, startDate, createdAt: created, updatedAt: Math.min(msOrNull(c.updated_at) ?? created, now), externalId: ext(c.id) })
        .returning()
        .get();
      audit({ action: 'import.statuspage', entityType: 'service', entityId: row.id, after: row });
      return row.id;
    });
    serviceIds.set(c.id, id);
    counts.services++;
  }
  progress(`components: ${counts.groups} groups and ${counts.services} services imported`);

  const serviceOf = (componentId: string) => serviceIds.get(componentId);
  const knownUpdates = (table: typeof incidentUpdates | typeof maintenanceUpdates) =>
    new Set(ctx.db.select({ externalId: table.externalId }).from(table).where(isNotNull(table.externalId)).all().map((r) => r.externalId!));

  const seenIncidentUpdates = knownUpdates(incidentUpdates);
  data.incidents.forEach((r, index) => {
    const status = incidentStatus(r.status);
    const existingRow = ctx.db.select({ id: incidents.id }).from(incidents).where(eq(incidents.externalId, ext(r.id))).get();
    const missing = oldestFirst(r.incident_updates).filter((u) => !seenIncidentUpdates.has(ext(u.id)));
    if (existingRow && missing.length === 0) {
      counts.unchanged++;
      return;
    }
    const createdAt = Math.min(ms(r.created_at), now);
    write(ctx, actor, at(createdAt), ({ tx, audit }) => {
      let id = existingRow?.id;
      if (id === undefined) {
        const row = tx
          .insert(incidents)
          .values({
            title: r.name,
            severity: SEVERITY_OF_LEVEL[r.impact ?? 'none'] ?? 'low',
            status,
            startedAt: Math.min(ms(r.started_at ?? r.created_at), createdAt),
            createdAt,
            updatedAt: Math.min(msOrNull(r.updated_at) ?? createdAt, now),
            monitoringAt: msOrNull(r.monitoring_at),
            resolvedAt: status === 'resolved' ? (msOrNull(r.resolved_at) ?? Math.min(msOrNull(r.updated_at) ?? createdAt, now)) : null,
            backfilled: true,
            externalId: ext(r.id),
          })
          .returning()
          .get();
        id = row.id;
        for (const i of impactIntervals(r, serviceOf)) tx.insert(incidentImpacts).values({ incidentId: id, ...i }).run();
        audit({ action: 'import.statuspage', entityType: 'incident', entityId: id, after: row });
        counts.incidents++;
      } else {
        // Imported before and moved on since: follow its state (status, monitoring, resolution);
        // a resolution ends the impacts still in force then.
        const before = tx.select().from(incidents).where(eq(incidents.id, id)).get()!;
        const resolvedAt = status === 'resolved' ? (msOrNull(r.resolved_at) ?? Math.min(msOrNull(r.updated_at) ?? createdAt, now)) : null;
        const after = tx
          .update(incidents)
          .set({ status, monitoringAt: msOrNull(r.monitoring_at) ?? before.monitoringAt, resolvedAt, updatedAt: Math.max(before.updatedAt, Math.min(msOrNull(r.updated_at) ?? createdAt, now)) })
          .where(eq(incidents.id, id))
          .returning()
          .get();
        if (resolvedAt !== null) tx.update(incidentImpacts).set({ endAt: resolvedAt }).where(and(eq(incidentImpacts.incidentId, id), isNull(incidentImpacts.endAt))).run();
        audit({ action: 'import.statuspage.update', entityType: 'incident', entityId: id, before, after });
      }
      for (const u of missing) {
        tx.insert(incidentUpdates).values({ incidentId: id, status: incidentStatus(u.status), body: u.body ?? '', createdAt: Math.min(ms(u.display_at ?? u.created_at), now), backfilled: true, externalId: ext(u.id) }).run();
        counts.incidentUpdates++;
      }
    });
    if ((index + 1) % 25 === 0 || index + 1 === data.incidents.length) progress(`incidents: ${index + 1}/${data.incidents.length}`);
  });

  const seenMaintenanceUpdates = knownUpdates(maintenanceUpdates);
  data.scheduled_maintenances.forEach((m, index) => {
    const existingRow = ctx.db.select({ id: maintenances.id }).from(maintenances).where(eq(maintenances.externalId, ext(m.id))).get();
    const updates = oldestFirst(m.incident_updates);
    const missing = updates.filter((u) => !seenMaintenanceUpdates.has(ext(u.id)));
    if (existingRow && missing.length === 0) {
      counts.unchanged++;
      return;
    }
    // A window Statuspage calls completed that never started nor ended was called off (Baken's own
    // v2 JSON reports a cancelled window so).
    const status = m.status === 'completed' && !m.started_at && !m.resolved_at ? 'cancelled' : maintenanceStatus(m.status);
    const createdAt = Math.min(ms(m.created_at), now);
    write(ctx, actor, at(createdAt), ({ tx, audit }) => {
      let id = existingRow?.id;
      if (id === undefined) {
        const started = status === 'scheduled' || status === 'cancelled' ? null : (msOrNull(m.started_at) ?? ms(m.scheduled_for));
        const row = tx
          .insert(maintenances)
          .values({
            title: m.name,
            // The announcement's text is the first update's (Statuspage keeps no separate body).
            body: updates[0]?.body ?? '',
            scheduledStart: ms(m.scheduled_for),
            scheduledEnd: ms(m.scheduled_until),
            announcedAt: createdAt,
            status,
            actualStart: started,
            actualEnd: status === 'completed' && started !== null ? (msOrNull(m.resolved_at) ?? ms(m.scheduled_until)) : null,
            autoTransition: status === 'scheduled',
            createdAt,
            updatedAt: Math.min(msOrNull(m.updated_at) ?? createdAt, now),
            backfilled: true,
            externalId: ext(m.id),
          })
          .returning()
          .get();
        id = row.id;
        for (const serviceId of new Set(m.components.flatMap((c) => serviceOf(c.id) ?? []))) tx.insert(maintenanceServices).values({ maintenanceId: id, serviceId }).run();
        audit({ action: 'import.statuspage', entityType: 'maintenance', entityId: id, after: row });
        counts.maintenances++;
      }
      for (const u of missing) {
        tx.insert(maintenanceUpdates).values({ maintenanceId: id, status: maintenanceStatus(u.status), body: u.body ?? '', createdAt: Math.min(ms(u.display_at ?? u.created_at), now), backfilled: true, externalId: ext(u.id) }).run();
        counts.maintenanceUpdates++;
      }
    });
    if ((index + 1) % 25 === 0 || index + 1 === data.scheduled_maintenances.length) progress(`maintenances: ${index + 1}/${data.scheduled_maintenances.length}`);
  });
  return counts;
}
