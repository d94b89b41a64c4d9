// Staff changes to the catalogue: services and their groups. Each change is one write() — the row,
// its audit entry (before/after as stored) and the cache invalidation — and a refused change writes
// nothing. Archiving a service only hides it: its impact history stays, so past uptime and incident
// pages keep adding up.
import { and, asc, count, eq, isNull, max, type SQL } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { serviceGroups, services } from '../../../db/schema.ts';
import type { Locale } from '../../config.ts';
import { ApiError } from '../../lib/http-error.ts';
import { slugify as slugifyName } from '../../lib/slug.ts';
import type { Actor } from '../kernel/api-keys.ts';
import { findServiceRef, type GroupRow, type ServiceRow } from './lookup.ts';
import type { AppContext } from '../kernel/context.ts';
import { write, writeTime, type Tx, type WriteScope } from '../kernel/write.ts';

type Conn = Db | Tx;

export interface ServiceFields {
  name?: string | undefined;
  /** The language of name and description. */
  lang?: Locale | undefined;
  /** The name and description in the other language; null removes one. */
  translation?: { name?: string | null | undefined; description?: string | null | undefined } | undefined;
  slug?: string | undefined;
  description?: string | undefined;
  /** A group's name (created when missing); null ungroups. */
  group?: string | null | undefined;
  position?: number | undefined;
  slaCovered?: boolean | undefined;
  /** ISO time observed time starts (uptime denominators). */
  startDate?: string | undefined;
}

export interface GroupFields {
  name?: string | undefined;
  lang?: Locale | undefined;
  translation?: { name?: string | null | undefined } | undefined;
  position?: number | undefined;
}

export type GroupWithCount = GroupRow & { serviceCount: number };

const SLUG_MAX = 60;

/** A service slug from its name: at most 60 characters. */
export function slugify(name: string): string {
  return slugifyName(name, SLUG_MAX);
}

// ---- reads ----

export function listServices(db: Conn, o: { includeArchived: boolean }): ServiceRow[] {
  return db
    .select()
    .from(services)
    .where(o.includeArchived ? undefined : isNull(services.archivedAt))
    .orderBy(asc(services.position), asc(services.id))
    .all();
}


export function findGroup(db: Conn, id: number | null): GroupRow | undefined {
  return id === null ? undefined : db.select().from(serviceGroups).where(eq(serviceGroups.id, id)).get();
}

/** Groups in display order, each with how many of its services are not archived. */
export function listGroupsWithCounts(db: Conn): GroupWithCount[] {
  const counts = new Map(
    db
      .select({ groupId: services.groupId, n: count() })
      .from(services)
      .where(isNull(services.archivedAt))
      .groupBy(services.groupId)
      .all()
      .map((r) => [r.groupId, r.n]),
  );
  return db
    .select()
    .from(serviceGroups)
    .orderBy(asc(serviceGroups.position), asc(serviceGroups.id))
    .all()
    .map((g) => ({ ...g, serviceCount: counts.get(g.id) ?? 0 }));
}

function requireService(db: Conn, ref: string | number): ServiceRow {
  const row = findServiceRef(db, ref);
  if (!row) throw new ApiError('not_found', `No service ${String(ref)}.`);
  return row;
}

function requireGroup(db: Conn, id: number): GroupRow {
  const row = findGroup(db, id);
  if (!row) throw new ApiError('not_found', `No group ${id}.`);
  return row;
}

// ---- rules shared by create and update ----

/** Default position: after the last (not archived) service of the same group, or of the ungrouped ones. */
function nextServicePosition(tx: Tx, groupId: number | null): number {
  const inGroup: SQL = groupId === null ? isNull(services.groupId) : eq(services.groupId, groupId);
  const last = tx.select({ p: max(services.position) }).from(services).where(and(inGroup, isNull(services.archivedAt))).get()?.p;
  return last == null ? 0 : last + 1;
}

function nextGroupPosition(tx: Tx): number {
  const last = tx.select({ p: max(serviceGroups.position) }).from(serviceGroups).get()?.p;
  return last == null ? 0 : last + 1;
}

function assertSlugFree(tx: Tx, slug: string, exceptId?: number): void {
  const holder = tx.select({ id: services.id }).from(services).where(eq(services.slug, slug)).get();
  // Archived services keep their slug: their incident history still links to it.
  if (holder && holder.id !== exceptId) throw new ApiError('slug_taken', `The slug "${slug}" is already used by service ${holder.id}.`, { field: 'slug', slug, serviceId: holder.id });
}

function assertGroupNameFree(tx: Tx, name: string, exceptId?: number): void {
  const holder = tx.select({ id: serviceGroups.id }).from(serviceGroups).where(eq(serviceGroups.name, name)).get();
  if (holder && holder.id !== exceptId) throw new ApiError('name_taken', `A group named "${name}" already exists (${holder.id}).`, { field: 'name', name, groupId: holder.id });
}

/** The group with this exact name, created (and audited) when there is none yet. */
/** The group of this name, created (in `lang`, the language its service is written in) when missing. */
function groupNamed(scope: WriteScope, name: string, lang: Locale | null): GroupRow {
  const existing = scope.tx.select().from(serviceGroups).where(eq(serviceGroups.name, name)).get();
  if (existing) return existing;
  const row = scope.tx.insert(serviceGroups).values({ name, lang, position: nextGroupPosition(scope.tx), createdAt: scope.time.at, updatedAt: scope.time.at }).returning().get();
  scope.audit({ action: 'group.create', entityType: 'group', entityId: row.id, after: row });
  return row;
}

function parseStartDate(ctx: AppContext, startDate: string | undefined): number | undefined {
  if (startDate === undefined) return undefined;
  const t = Date.parse(startDate);
  if (Number.isNaN(t)) throw new ApiError('invalid_request', '`startDate` is not a valid ISO date-time.', { field: 'startDate' });
  const now = ctx.clock();
  if (t > now) throw new ApiError('start_date_in_future', '`startDate` must not be in the future.', { field: 'startDate', startDate, now: new Date(now).toISOString() });
  return t;
}

// ---- services ----

export function createService(ctx: AppContext, actor: Actor, input: ServiceFields & { name: string; at?: string | undefined }): ServiceRow {
  const slug = input.slug ?? slugify(input.name);
  if (slug === '') throw new ApiError('slug_required', 'No slug can be made from this name; give `slug`.', { field: 'slug' });
  const time = writeTime(ctx, { actor, at: input.at });
  const startDate = parseStartDate(ctx, input.startDate) ?? time.at;
  return write(ctx, actor, time, (scope) => {
    const { tx } = scope;
    assertSlugFree(tx, slug);
    const groupId = input.group == null ? null : groupNamed(scope, input.group, input.lang ?? ctx.config.defaultLocale).id;
    const row = tx
      .insert(services)
      .values({
        slug,
        name: input.name,
        description: input.description ?? '',
        lang: input.lang ?? ctx.config.defaultLocale,
        nameTranslation: input.translation?.name ?? null,
        descriptionTranslation: input.translation?.description ?? null,
        groupId,
        position: input.position ?? nextServicePosition(tx, groupId),
        slaCovered: input.slaCovered ?? true,
        startDate,
        createdAt: time.at,
        updatedAt: time.at,
      })
      .returning()
      .get();
    scope.audit({ action: 'service.create', entityType: 'service', entityId: row.id, after: row });
    return row;
  });
}

/**
 * Changes the given fields. The slug never follows a new name by itself (public links and
 * subscriptions use it); moving to another group without a position puts the service last there.
 */
export function updateService(ctx: AppContext, actor: Actor, ref: string | number, input: ServiceFields & { at?: string | undefined }): ServiceRow {
  const current = requireService(ctx.db, ref);
  const time = writeTime(ctx, { actor, at: input.at }, current.updatedAt);
  const startDate = parseStartDate(ctx, input.startDate);
  return write(ctx, actor, time, (scope) => {
    const { tx } = scope;
    const before = requireService(tx, current.id);
    if (input.slug !== undefined) assertSlugFree(tx, input.slug, before.id);
    const groupId = input.group === undefined ? before.groupId : input.group === null ? null : groupNamed(scope, input.group, input.lang ?? before.lang ?? ctx.config.defaultLocale).id;
    const position = input.position ?? (groupId === before.groupId ? before.position : nextServicePosition(tx, groupId));
    const after = tx
      .update(services)
      .set({
        slug: input.slug ?? before.slug,
        name: input.name ?? before.name,
        description: input.description ?? before.description,
        lang: input.lang ?? before.lang ?? (input.translation !== undefined ? ctx.config.defaultLocale : null),
        nameTranslation: input.translation?.name === undefined ? before.nameTranslation : input.translation.name,
        descriptionTranslation: input.translation?.description === undefined ? before.descriptionTranslation : input.translation.description,
        groupId,
        position,
        slaCovered: input.slaCovered ?? before.slaCovered,
        startDate: startDate ?? before.startDate,
        updatedAt: time.at,
      })
      .where(eq(services.id, before.id))
      .returning()
      .get();
    scope.audit({ action: 'service.update', entityType: 'service', entityId: before.id, before, after });
    return after;
  });
}

/** Archives (hides) a service; its history stays. Archiving again changes nothing and keeps the first time. */
export function archiveService(ctx: AppContext, actor: Actor, ref: string | number, at?: string): ServiceRow {
  const current = requireService(ctx.db, ref);
  if (current.archivedAt !== null) return current;
  const time = writeTime(ctx, { actor, at }, current.updatedAt);
  return write(ctx, actor, time, (scope) => {
    const before = requireService(scope.tx, current.id);
    const after = scope.tx.update(services).set({ archivedAt: time.at, updatedAt: time.at }).where(eq(services.id, before.id)).returning().get();
    scope.audit({ action: 'service.archive', entityType: 'service', entityId: before.id, before, after });
    return after;
  });
}

// ---- groups ----

export function createGroup(ctx: AppContext, actor: Actor, input: GroupFields & { name: string; at?: string | undefined }): GroupRow {
  const time = writeTime(ctx, { actor, at: input.at });
  return write(ctx, actor, time, ({ tx, audit }) => {
    assertGroupNameFree(tx, input.name);
    const row = tx
      .insert(serviceGroups)
      .values({ name: input.name, lang: input.lang ?? ctx.config.defaultLocale, nameTranslation: input.translation?.name ?? null, position: input.position ?? nextGroupPosition(tx), createdAt: time.at, updatedAt: time.at })
      .returning()
      .get();
    audit({ action: 'group.create', entityType: 'group', entityId: row.id, after: row });
    return row;
  });
}

export function updateGroup(ctx: AppContext, actor: Actor, id: number, input: GroupFields & { at?: string | undefined }): GroupRow {
  const current = requireGroup(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, current.updatedAt);
  return write(ctx, actor, time, ({ tx, audit }) => {
    const before = requireGroup(tx, id);
    if (input.name !== undefined) assertGroupNameFree(tx, input.name, id);
    const after = tx
      .update(serviceGroups)
      .set({
        name: input.name ?? before.name,
        lang: input.lang ?? before.lang ?? (input.translation !== undefined ? ctx.config.defaultLocale : null),
        nameTranslation: input.translation?.name === undefined ? before.nameTranslation : input.translation.name,
        position: input.position ?? before.position,
        updatedAt: time.at,
      })
      .where(eq(serviceGroups.id, id))
      .returning()
      .get();
    audit({ action: 'group.update', entityType: 'group', entityId: id, before, after });
    return after;
  });
}

/**
 * Deletes a group. Its services (archived ones too, or the foreign key would hold the row) become
 * ungrouped first, each with its own 'service.update' audit entry, so a service's audit trail
 * explains why its group went away.
 */
export function deleteGroup(ctx: AppContext, actor: Actor, id: number, at?: string): { deleted: number; ungroupedServices: number } {
  const current = requireGroup(ctx.db, id);
  const time = writeTime(ctx, { actor, at }, current.updatedAt);
  return write(ctx, actor, time, ({ tx, audit }) => {
    const before = requireGroup(tx, id);
    const members = tx.select().from(services).where(eq(services.groupId, id)).orderBy(asc(services.id)).all();
    for (const m of members) {
      const after = tx.update(services).set({ groupId: null, updatedAt: time.at }).where(eq(services.id, m.id)).returning().get();
      audit({ action: 'service.update', entityType: 'service', entityId: m.id, before: m, after });
    }
    tx.delete(serviceGroups).where(eq(serviceGroups.id, id)).run();
    audit({ action: 'group.delete', entityType: 'group', entityId: id, before, after: null });
    return { deleted: id, ungroupedServices: members.length };
  });
}
