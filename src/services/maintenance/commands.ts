// Staff changes to maintenance windows: announce, reschedule, and move through
// scheduled → in_progress → verifying → completed (or cancelled). Each change is one write() — the
// rows, the audit entry, the outbox announcement — and a refused change writes nothing. The
// scheduler (maintenance-scheduler.ts) moves windows through the same applyStatusUpdate().
import { asc, desc, eq, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { maintenanceServices, maintenanceUpdates, maintenances, services } from '../../../db/schema.ts';
import { noticeGiven } from '../../domain/notice.ts';
import type { MaintenanceEventType } from '../kernel/outbox-events.ts';
import type { MaintenanceStatus } from '../../domain/vocabulary.ts';
import type { Locale } from '../../config.ts';
import { ApiError } from '../../lib/http-error.ts';
import { iso, parseTime } from '../../lib/time.ts';
import type { Actor } from '../kernel/api-keys.ts';
import { resolveServiceRefs, type ServiceRef } from '../catalog/lookup.ts';
import type { AppContext } from '../kernel/context.ts';
import { write, writeTime, type Tx, type WriteScope } from '../kernel/write.ts';

type Conn = Db | Tx;

export type MaintenanceRow = typeof maintenances.$inferSelect;
/** What a posted update may move a window to (`scheduled` is only ever the announcement). */
export const UPDATE_STATUSES = ['in_progress', 'verifying', 'completed', 'cancelled'] as const;
export type UpdateStatus = (typeof UPDATE_STATUSES)[number];

export interface MaintenanceRecord extends MaintenanceRow {
  /** By name. */
  services: { id: number; slug: string; name: string; lang: Locale | null; nameTranslation: string | null }[];
  /** Latest first. */
  updates: { id: number; status: MaintenanceStatus; body: string; bodyTranslation: string | null; createdAt: number; backfilled: boolean }[];
}

const HOUR = 3_600_000;
/**
 * A window may start a little before it is announced: staff typing "now" into a form are a minute
 * or two late by the time they press save. Anything earlier is history and needs a backfilled `at`.
 */
export const START_GRACE_MS = 5 * 60_000;

// ---- reads ----

export function loadMaintenances(db: Conn, rows: MaintenanceRow[]): MaintenanceRecord[] {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const affected = db
    .select({ maintenanceId: maintenanceServices.maintenanceId, id: services.id, slug: services.slug, name: services.name, lang: services.lang, nameTranslation: services.nameTranslation })
    .from(maintenanceServices)
    .innerJoin(services, eq(services.id, maintenanceServices.serviceId))
    .where(inArray(maintenanceServices.maintenanceId, ids))
    .orderBy(asc(services.name), asc(services.id))
    .all();
  const updates = db.select().from(maintenanceUpdates).where(inArray(maintenanceUpdates.maintenanceId, ids)).orderBy(desc(maintenanceUpdates.createdAt), desc(maintenanceUpdates.id)).all();
  return rows.map((row) => ({
    ...row,
    services: affected.filter((a) => a.maintenanceId === row.id).map(({ maintenanceId: _, ...s }) => s),
    updates: updates.filter((u) => u.maintenanceId === row.id).map(({ id, status, body, bodyTranslation, createdAt, backfilled }) => ({ id, status, body, bodyTranslation, createdAt, backfilled })),
  }));
}

export function getMaintenance(db: Conn, id: number): MaintenanceRecord | undefined {
  const row = db.select().from(maintenances).where(eq(maintenances.id, id)).get();
  return row ? loadMaintenances(db, [row])[0] : undefined;
}

/** Windows by scheduled start, latest first (the order of Statuspage's scheduled-maintenances list). */
export function listMaintenances(db: Conn, o: { status?: MaintenanceStatus | undefined; limit: number }): MaintenanceRecord[] {
  const where: SQL | undefined = o.status === undefined ? undefined : eq(maintenances.status, o.status);
  return loadMaintenances(db, db.select().from(maintenances).where(where).orderBy(desc(maintenances.scheduledStart), desc(maintenances.id)).limit(o.limit).all());
}

function requireMaintenance(db: Conn, id: number): MaintenanceRecord {
  const found = getMaintenance(db, id);
  if (!found) throw new ApiError('not_found', `No maintenance ${id}.`);
  return found;
}

/** The time of the window's latest update: a backfilled `at` may not go before it. */
export function latestUpdateAt(m: MaintenanceRecord): number {
  return m.updates.reduce((t, u) => Math.max(t, u.createdAt), m.announcedAt);
}

export interface Notice {
  /** (scheduledStart − announcedAt) in hours, unrounded. */
  noticeHours: number;
  noticeRuleMet: boolean;
  warning?: { code: 'short_notice'; message: string };
}

/** The SLA's 48-hour notice rule (domain/notice.ts) in the admin API's words. */
export function maintenanceNotice(m: Pick<MaintenanceRow, 'scheduledStart' | 'announcedAt'>): Notice {
  const { noticeMs, met } = noticeGiven(m);
  const noticeHours = noticeMs / HOUR;
  if (met) return { noticeHours, noticeRuleMet: true };
  return {
    noticeHours,
    noticeRuleMet: false,
    warning: {
      code: 'short_notice',
      message: `Announced ${noticeHours.toFixed(2)} h before its start, less than the 48 h notice the SLA requires: the window counts as downtime for SLA uptime while in progress.`,
    },
  };
}

// ---- rules shared by create and change ----


function assertWindow(start: number, end: number): void {
  if (end <= start) {
    throw new ApiError('end_before_start', '`scheduledEnd` must be after `scheduledStart`.', { field: 'scheduledEnd', scheduledStart: new Date(start).toISOString(), scheduledEnd: new Date(end).toISOString() });
  }
}

function assertStartNotPast(start: number, announcedAt: number): void {
  if (start < announcedAt - START_GRACE_MS) {
    throw new ApiError('start_in_past', '`scheduledStart` must not be before the time of announcement (5 minutes of grace); record history with a backfilled `at`.', {
      field: 'scheduledStart',
      scheduledStart: new Date(start).toISOString(),
      announcedAt: new Date(announcedAt).toISOString(),
    });
  }
}

/** Service ids for the refs, ascending. */
function resolveServices(tx: Conn, refs: ServiceRef[]): number[] {
  return resolveServiceRefs(tx, refs).sort((a, b) => a - b);
}

function serviceIdsOf(m: MaintenanceRecord): number[] {
  return m.services.map((s) => s.id).sort((a, b) => a - b);
}

/** What the audit log keeps of a window: the row as stored plus its services. */
function auditSnapshot(m: MaintenanceRecord) {
  const { services: _s, updates: _u, ...row } = m;
  return { ...row, serviceIds: serviceIdsOf(m) };
}

/** What an announcement carries: enough for an e-mail or a feed entry without another read, in both languages. */
function eventPayload(m: MaintenanceRecord, message: string, messageTranslation: string | null) {
  return {
    maintenanceId: m.id,
    title: m.title,
    status: m.status,
    message,
    lang: m.lang ?? undefined,
    titleTranslation: m.titleTranslation,
    messageTranslation,
    scheduledStart: iso(m.scheduledStart),
    scheduledEnd: iso(m.scheduledEnd),
    actualStart: iso(m.actualStart),
    actualEnd: iso(m.actualEnd),
    services: m.services.map((s) => ({ id: s.id, slug: s.slug, name: s.name, lang: s.lang ?? undefined, nameTranslation: s.nameTranslation })),
    backfilled: m.backfilled,
  };
}

// ---- create ----

export interface CreateMaintenanceInput {
  title: string;
  message: string;
  /** The language of the title and messages (default: the page's default locale). */
  lang?: Locale | undefined;
  translation?: { title?: string | null | undefined; message?: string | null | undefined } | undefined;
  services: ServiceRef[];
  scheduledStart: string;
  scheduledEnd: string;
  autoTransition?: boolean | undefined;
  notify?: boolean | undefined;
  at?: string | undefined;
}

/** Announces a window. announcedAt is the write time (server clock, or a backfilled `at`), never the client's. */
export function createMaintenance(ctx: AppContext, actor: Actor, input: CreateMaintenanceInput): MaintenanceRecord {
  const time = writeTime(ctx, { actor, at: input.at });
  const start = parseTime(input.scheduledStart, 'scheduledStart');
  const end = parseTime(input.scheduledEnd, 'scheduledEnd');
  assertWindow(start, end);
  assertStartNotPast(start, time.at);
  return write(ctx, actor, time, ({ tx, audit, announce }) => {
    const serviceIds = resolveServices(tx, input.services);
    const row = tx
      .insert(maintenances)
      .values({
        title: input.title,
        body: input.message,
        lang: input.lang ?? ctx.config.defaultLocale,
        titleTranslation: input.translation?.title ?? null,
        bodyTranslation: input.translation?.message ?? null,
        scheduledStart: start,
        scheduledEnd: end,
        announcedAt: time.at,
        status: 'scheduled',
        autoTransition: input.autoTransition ?? true,
        createdAt: time.at,
        updatedAt: time.at,
        backfilled: time.backfilled,
      })
      .returning()
      .get();
    for (const serviceId of serviceIds) tx.insert(maintenanceServices).values({ maintenanceId: row.id, serviceId }).run();
    const messageTranslation = input.translation?.message ?? null;
    tx.insert(maintenanceUpdates).values({ maintenanceId: row.id, status: 'scheduled', body: input.message, bodyTranslation: messageTranslation, createdAt: time.at, backfilled: time.backfilled }).run();
    const created = requireMaintenance(tx, row.id);
    audit({ action: 'maintenance.create', entityType: 'maintenance', entityId: row.id, after: auditSnapshot(created) });
    announce({ type: 'maintenance.scheduled', entityType: 'maintenance', entityId: row.id, serviceIds, payload: eventPayload(created, input.message, messageTranslation), notify: input.notify ?? true });
    return created;
  });
}

// ---- change ----

export interface ChangeMaintenanceInput {
  title?: string | undefined;
  message?: string | undefined;
  lang?: Locale | undefined;
  /** null removes one. */
  translation?: { title?: string | null | undefined; message?: string | null | undefined } | undefined;
  scheduledStart?: string | undefined;
  scheduledEnd?: string | undefined;
  services?: ServiceRef[] | undefined;
  autoTransition?: boolean | undefined;
  notify?: boolean | undefined;
  at?: string | undefined;
}

/**
 * Changes a window. Title, message and autoTransition may change at any time; the schedule and the
 * services only while it is still `scheduled` (a value equal to the current one is no change).
 * announcedAt never moves, so moving a window closer can break the notice rule but never repair it.
 */
export function changeMaintenance(ctx: AppContext, actor: Actor, id: number, input: ChangeMaintenanceInput): MaintenanceRecord {
  const current = requireMaintenance(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, latestUpdateAt(current));
  const newStart = input.scheduledStart === undefined ? undefined : parseTime(input.scheduledStart, 'scheduledStart');
  const newEnd = input.scheduledEnd === undefined ? undefined : parseTime(input.scheduledEnd, 'scheduledEnd');
  return write(ctx, actor, time, ({ tx, audit, announce }) => {
    const before = requireMaintenance(tx, id);
    const start = newStart ?? before.scheduledStart;
    const end = newEnd ?? before.scheduledEnd;
    const beforeIds = serviceIdsOf(before);
    const serviceIds = input.services === undefined ? beforeIds : resolveServices(tx, input.services);
    const scheduleChanged = start !== before.scheduledStart || end !== before.scheduledEnd;
    const servicesChanged = serviceIds.join() !== beforeIds.join();
    if ((scheduleChanged || servicesChanged) && before.status !== 'scheduled') {
      throw new ApiError('not_scheduled', `The schedule and services can only change while the window is scheduled; it is ${before.status}.`, { status: before.status });
    }
    assertWindow(start, end);
    if (start !== before.scheduledStart) assertStartNotPast(start, time.at);

    tx.update(maintenances)
      .set({
        title: input.title ?? before.title,
        body: input.message ?? before.body,
        // A window from before languages were recorded gets one once a translation is given.
        lang: input.lang ?? before.lang ?? (input.translation !== undefined ? ctx.config.defaultLocale : null),
        titleTranslation: input.translation?.title === undefined ? before.titleTranslation : input.translation.title,
        bodyTranslation: input.translation?.message === undefined ? before.bodyTranslation : input.translation.message,
        scheduledStart: start,
        scheduledEnd: end,
        autoTransition: input.autoTransition ?? before.autoTransition,
        // A backfilled change may be older than the last one; updatedAt never goes back.
        updatedAt: Math.max(before.updatedAt, time.at),
      })
      .where(eq(maintenances.id, id))
      .run();
    if (servicesChanged) {
      tx.delete(maintenanceServices).where(eq(maintenanceServices.maintenanceId, id)).run();
      for (const serviceId of serviceIds) tx.insert(maintenanceServices).values({ maintenanceId: id, serviceId }).run();
    }
    const after = requireMaintenance(tx, id);
    audit({ action: 'maintenance.update', entityType: 'maintenance', entityId: id, before: auditSnapshot(before), after: auditSnapshot(after) });
    if (scheduleChanged || servicesChanged) {
      // Subscribers of a service taken off the window hear about it too.
      const concerned = [...new Set([...beforeIds, ...serviceIds])].sort((a, b) => a - b);
      announce({
        type: 'maintenance.changed',
        entityType: 'maintenance',
        entityId: id,
        serviceIds: concerned,
        payload: { ...eventPayload(after, after.body, after.bodyTranslation), previous: { scheduledStart: new Date(before.scheduledStart).toISOString(), scheduledEnd: new Date(before.scheduledEnd).toISOString(), serviceIds: beforeIds } },
        notify: input.notify ?? true,
      });
    }
    return after;
  });
}

// ---- status updates ----

/**
 * Forward only. `verifying` may be skipped, `in_progress` may not (the work must have started);
 * a same-status update is a progress note. Nothing follows completed or cancelled.
 */
const NEXT: Record<MaintenanceStatus, readonly UpdateStatus[]> = {
  scheduled: ['in_progress', 'cancelled'],
  in_progress: ['in_progress', 'verifying', 'completed', 'cancelled'],
  verifying: ['verifying', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

const EVENT_TYPE: Record<UpdateStatus, MaintenanceEventType> = {
  in_progress: 'maintenance.started',
  verifying: 'maintenance.updated',
  completed: 'maintenance.completed',
  cancelled: 'maintenance.cancelled',
};

export function canMoveTo(from: MaintenanceStatus, to: UpdateStatus): boolean {
  return NEXT[from].includes(to);
}

/**
 * Moves a loaded window to `status` at scope.time (the caller checked the transition): records the
 * actual start/end, a timeline update, the audit entry and the announcement.
 */
export function applyStatusUpdate(scope: WriteScope, before: MaintenanceRecord, status: UpdateStatus, message: string, notify: boolean, messageTranslation: string | null = null): MaintenanceRecord {
  const { tx, time } = scope;
  const T = time.at;
  const note = status === before.status;
  const actualStart = status === 'in_progress' && !note ? T : before.actualStart;
  // Cancelling a window that never started leaves no interval at all; an aborted one ends now.
  const ends = status === 'completed' || (status === 'cancelled' && before.status !== 'scheduled');
  const actualEnd = ends ? T : before.actualEnd;
  tx.update(maintenances)
    .set({ status, actualStart, actualEnd, updatedAt: Math.max(before.updatedAt, T) })
    .where(eq(maintenances.id, before.id))
    .run();
  const update = tx.insert(maintenanceUpdates).values({ maintenanceId: before.id, status, body: message, bodyTranslation: messageTranslation, createdAt: T, backfilled: time.backfilled }).returning().get();
  const after = requireMaintenance(tx, before.id);
  scope.audit({
    action: 'maintenance.status',
    entityType: 'maintenance',
    entityId: before.id,
    before: auditSnapshot(before),
    after: { ...auditSnapshot(after), update: { id: update.id, status, body: message, createdAt: T } },
  });
  scope.announce({ type: note ? 'maintenance.updated' : EVENT_TYPE[status], entityType: 'maintenance', entityId: before.id, serviceIds: serviceIdsOf(after), payload: eventPayload(after, message, messageTranslation), notify });
  return after;
}

export interface PostUpdateInput {
  status: UpdateStatus;
  message?: string | undefined;
  /** The message in the window's other language. */
  translation?: { message?: string | null | undefined } | undefined;
  notify?: boolean | undefined;
  at?: string | undefined;
}

export function postMaintenanceUpdate(ctx: AppContext, actor: Actor, id: number, input: PostUpdateInput): MaintenanceRecord {
  const current = requireMaintenance(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, latestUpdateAt(current));
  const message = input.message ?? '';
  return write(ctx, actor, time, (scope) => {
    const before = requireMaintenance(scope.tx, id);
    if (!canMoveTo(before.status, input.status)) {
      throw new ApiError('invalid_transition', `A ${before.status} maintenance cannot move to ${input.status}.`, { from: before.status, to: input.status, allowed: NEXT[before.status] });
    }
    if (input.status === before.status && message.trim() === '') {
      throw new ApiError('message_required', 'An update that keeps the status needs a message.', { field: 'message' });
    }
    return applyStatusUpdate(scope, before, input.status, message, input.notify ?? true, input.translation?.message ?? null);
  });
}
