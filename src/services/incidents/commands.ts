// Staff running an incident: post it, post updates (investigating → identified → monitoring →
// resolved, reopen after), and correct its title, severity, start or SLA exclusion. Each change is
// one write() — rows, audit entry, outbox announcement — and a refused change writes nothing.
// The impact history is kept as intervals (incident_impacts): a row is closed when its impact
// changes and a new one opened, so status and uptime at any past instant follow from the rows.
// Post-incident reports: incidents-report.ts. Reads: incidents-read.ts.
import { and, eq, inArray, isNull } from 'drizzle-orm';
import { incidentImpacts, incidentUpdates, incidents } from '../../../db/schema.ts';
import { refuseTransition } from '../../domain/incident-status.ts';
import type { Locale } from '../../config.ts';
import type { Impact, IncidentStatus, Severity, SlaExclusion } from '../../domain/vocabulary.ts';
import { ApiError } from '../../lib/http-error.ts';
import { parseTime } from '../../lib/time.ts';
import type { Actor } from '../kernel/api-keys.ts';
import { resolveServiceRefs, type ServiceRef } from '../catalog/lookup.ts';
import type { AppContext } from '../kernel/context.ts';
import { auditSnapshot, currentImpacts, latestUpdateAt, openImpacts, requireIncident, type IncidentRecord } from './records.ts';
import { write, writeTime, type Tx, type WriteTime } from '../kernel/write.ts';

export interface ImpactInput {
  service: ServiceRef;
  impact: Impact;
}


// ---- shared rules ----

/** A legacy incident (lang null) gets a language once a write gives one or a translation. */
function settledLang(ctx: AppContext, current: Locale | null, input: { lang?: Locale | undefined; translation?: object | undefined }): Locale | null {
  return input.lang ?? current ?? (input.translation !== undefined ? ctx.config.defaultLocale : null);
}


/** Impact began no later than the incident was posted (and so never in the future). */
function assertStartedAt(startedAt: number, createdAt: number, now: number): void {
  const details = { field: 'startedAt', startedAt: new Date(startedAt).toISOString(), createdAt: new Date(createdAt).toISOString() };
  if (startedAt > now) throw new ApiError('started_at_in_future', '`startedAt` must not be in the future.', details);
  if (startedAt > createdAt) throw new ApiError('started_after_creation', '`startedAt` must not be after the incident was posted.', details);
}

/**
 * Service id → impact for the refs. Unknown and archived services are refused together (404);
 * an archived service may stay on an incident it is already on (`keep`), not be added to one.
 */
function resolveImpacts(tx: Tx, list: ImpactInput[], keep: ReadonlySet<number> = new Set()): Map<number, Impact> {
  const ids = resolveServiceRefs(tx, list.map((s) => s.service), keep);
  return new Map(ids.map((id, i) => [id, list[i]!.impact]));
}

/**
 * Makes the impacts in force from T on equal `next`: open rows whose impact changed or whose
 * service left are closed at T, new or changed ones opened at T; unchanged rows stay open (no
 * zero-length rows, no split intervals).
 */
function applyImpacts(tx: Tx, m: IncidentRecord, next: Map<number, Impact>, T: number): void {
  const open = openImpacts(m);
  for (const row of open) {
    if (next.get(row.serviceId) !== row.impact) tx.update(incidentImpacts).set({ endAt: T }).where(eq(incidentImpacts.id, row.id)).run();
  }
  for (const [serviceId, impact] of [...next].sort((a, b) => a[0] - b[0])) {
    if (open.some((r) => r.serviceId === serviceId && r.impact === impact)) continue;
    tx.insert(incidentImpacts).values({ incidentId: m.id, serviceId, impact, startAt: T, endAt: null }).run();
  }
}

const sortedIds = (ids: Iterable<number>) => [...new Set(ids)].sort((a, b) => a - b);

/** What an announcement carries: enough for an e-mail or a feed entry without another read, in both languages. */
function eventPayload(m: IncidentRecord, updateId: number, message: { body: string; translation: string | null }, time: WriteTime) {
  return {
    incidentId: m.id,
    updateId,
    status: m.status,
    title: m.title,
    severity: m.severity,
    message: message.body,
    lang: m.lang ?? undefined,
    titleTranslation: m.titleTranslation,
    messageTranslation: message.translation,
    services: currentImpacts(m).map((i) => ({ id: i.serviceId, slug: i.slug, name: i.name, lang: i.serviceLang ?? undefined, nameTranslation: i.nameTranslation, impact: i.impact })),
    at: new Date(time.at).toISOString(),
    backfilled: time.backfilled,
  };
}

// ---- create ----

export interface CreateIncidentInput {
  title: string;
  /** The language of the title, the messages and the report (default: the page's default locale). */
  lang?: Locale | undefined;
  /** The title and first message in the other language. */
  translation?: { title?: string | null | undefined; message?: string | null | undefined } | undefined;
  severity: Severity;
  status?: IncidentStatus | undefined;
  message: string;
  services: ImpactInput[];
  startedAt?: string | undefined;
  slaExclusion?: SlaExclusion | undefined;
  notify?: boolean | undefined;
  at?: string | undefined;
}

/** Posts an incident. createdAt is the write time (server clock or backfilled `at`); impact rows start at startedAt. */
export function createIncident(ctx: AppContext, actor: Actor, input: CreateIncidentInput): IncidentRecord {
  const status = input.status ?? 'investigating';
  // A resolved incident is imported as create + a later (backfilled) resolving update, so the
  // impact history has a real duration.
  if (status === 'resolved') throw new ApiError('invalid_status', 'An incident cannot be created resolved; post a `resolved` update after creating it.', { field: 'status' });
  const time = writeTime(ctx, { actor, at: input.at });
  const startedAt = input.startedAt === undefined ? time.at : parseTime(input.startedAt, 'startedAt');
  assertStartedAt(startedAt, time.at, ctx.clock());
  return write(ctx, actor, time, ({ tx, audit, announce }) => {
    const impacts = resolveImpacts(tx, input.services);
    const row = tx
      .insert(incidents)
      .values({
        title: input.title,
        lang: input.lang ?? ctx.config.defaultLocale,
        titleTranslation: input.translation?.title ?? null,
        severity: input.severity,
        status,
        startedAt,
        createdAt: time.at,
        updatedAt: time.at,
        monitoringAt: status === 'monitoring' ? time.at : null,
        resolvedAt: null,
        slaExclusionCause: input.slaExclusion?.cause ?? null,
        slaExclusionReason: input.slaExclusion?.reason ?? null,
        backfilled: time.backfilled,
      })
      .returning()
      .get();
    const messageTranslation = input.translation?.message ?? null;
    const update = tx.insert(incidentUpdates).values({ incidentId: row.id, status, body: input.message, bodyTranslation: messageTranslation, createdAt: time.at, backfilled: time.backfilled }).returning().get();
    for (const [serviceId, impact] of impacts) tx.insert(incidentImpacts).values({ incidentId: row.id, serviceId, impact, startAt: startedAt, endAt: null }).run();
    const created = requireIncident(tx, row.id);
    audit({ action: 'incident.create', entityType: 'incident', entityId: row.id, after: { ...auditSnapshot(created), update: { id: update.id, status, body: input.message } } });
    announce({
      type: 'incident.created',
      entityType: 'incident',
      entityId: row.id,
      serviceIds: sortedIds(impacts.keys()),
      payload: eventPayload(created, update.id, { body: input.message, translation: messageTranslation }, time),
      notify: input.notify ?? true,
    });
    return created;
  });
}

// ---- updates ----

export interface PostIncidentUpdateInput {
  status: IncidentStatus;
  message: string;
  /** The message in the incident's other language. */
  translation?: { message?: string | null | undefined } | undefined;
  services?: ImpactInput[] | undefined;
  notify?: boolean | undefined;
  reopen?: boolean | undefined;
  at?: string | undefined;
}

// The service's words for each refusal of the status machine (domain/incident-status.ts).
function checkTransition(before: IncidentRecord, input: PostIncidentUpdateInput): void {
  const from = before.status;
  const to = input.status;
  const refusal = refuseTransition(from, { to, reopen: input.reopen === true, setsImpacts: input.services !== undefined });
  if (!refusal) return;
  const message = {
    incident_resolved: 'The incident is resolved; say `reopen: true` to post to it again.',
    not_resolved: `Only a resolved incident can be reopened; it is ${from}.`,
    invalid_transition: input.reopen ? 'A reopened incident must be investigating, identified or monitoring.' : `A ${from} incident cannot go back to ${to}.`,
    services_on_resolve: 'Resolving ends every impact; leave out `services`.',
  }[refusal.code];
  throw new ApiError(refusal.code, message, refusal.details);
}

export function postIncidentUpdate(ctx: AppContext, actor: Actor, id: number, input: PostIncidentUpdateInput): IncidentRecord {
  const current = requireIncident(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, latestUpdateAt(current));
  const T = time.at;
  return write(ctx, actor, time, ({ tx, audit, announce }) => {
    const before = requireIncident(tx, id);
    checkTransition(before, input);
    const open = openImpacts(before);
    const concerned = open.map((i) => i.serviceId);
    if (input.status === 'resolved') {
      tx.update(incidentImpacts).set({ endAt: T }).where(and(eq(incidentImpacts.incidentId, id), isNull(incidentImpacts.endAt))).run();
    } else if (input.reopen || input.services !== undefined) {
      const keep = new Set((input.reopen ? currentImpacts(before) : open).map((i) => i.serviceId));
      const next = input.services !== undefined ? resolveImpacts(tx, input.services, keep) : new Map(currentImpacts(before).map((i) => [i.serviceId, i.impact]));
      // A reopened incident has no open rows: everything in `next` starts again at T.
      applyImpacts(tx, before, next, T);
      concerned.push(...next.keys());
      if (input.reopen) concerned.push(...keep);
    }
    tx.update(incidents)
      .set({
        lang: settledLang(ctx, before.lang, input),
        status: input.status,
        // A backfilled update may be older than the last edit; updatedAt never goes back.
        updatedAt: Math.max(before.updatedAt, T),
        monitoringAt: before.monitoringAt ?? (input.status === 'monitoring' ? T : null),
        resolvedAt: input.status === 'resolved' ? T : null,
      })
      .where(eq(incidents.id, id))
      .run();
    const messageTranslation = input.translation?.message ?? null;
    const update = tx.insert(incidentUpdates).values({ incidentId: id, status: input.status, body: input.message, bodyTranslation: messageTranslation, createdAt: T, backfilled: time.backfilled }).returning().get();
    const after = requireIncident(tx, id);
    audit({
      action: 'incident.update',
      entityType: 'incident',
      entityId: id,
      before: auditSnapshot(before),
      after: { ...auditSnapshot(after), update: { id: update.id, status: input.status, body: input.message, reopen: input.reopen ?? false } },
    });
    const type = input.reopen ? 'incident.reopened' : input.status === 'resolved' ? 'incident.resolved' : 'incident.updated';
    // Subscribers of a service taken off the incident hear about it too.
    announce({ type, entityType: 'incident', entityId: id, serviceIds: sortedIds(concerned), payload: eventPayload(after, update.id, { body: input.message, translation: messageTranslation }, time), notify: input.notify ?? true });
    return after;
  });
}

// ---- corrections ----

export interface EditIncidentInput {
  title?: string | undefined;
  lang?: Locale | undefined;
  /** null removes the title's translation. */
  translation?: { title?: string | null | undefined } | undefined;
  severity?: Severity | undefined;
  startedAt?: string | undefined;
  slaExclusion?: SlaExclusion | null | undefined;
  at?: string | undefined;
}

/**
 * Corrects an incident's facts (audited, not announced). A new startedAt moves the start of the
 * impact rows that began at the old one: it stays ≤ the creation time and before those rows end.
 */
export function editIncident(ctx: AppContext, actor: Actor, id: number, input: EditIncidentInput): IncidentRecord {
  const current = requireIncident(ctx.db, id);
  const time = writeTime(ctx, { actor, at: input.at }, latestUpdateAt(current));
  const startedAt = input.startedAt === undefined ? undefined : parseTime(input.startedAt, 'startedAt');
  return write(ctx, actor, time, ({ tx, audit }) => {
    const before = requireIncident(tx, id);
    if (startedAt !== undefined && startedAt !== before.startedAt) {
      assertStartedAt(startedAt, before.createdAt, ctx.clock());
      const moved = before.impacts.filter((i) => i.startAt === before.startedAt);
      const blocking = moved.filter((i) => i.endAt !== null && i.endAt <= startedAt);
      if (blocking.length > 0) {
        throw new ApiError('started_after_impact_end', '`startedAt` must be before the end of the impacts that began at the old start.', {
          field: 'startedAt',
          startedAt: new Date(startedAt).toISOString(),
          earliestEnd: new Date(Math.min(...blocking.map((i) => i.endAt!))).toISOString(),
        });
      }
      if (moved.length > 0) tx.update(incidentImpacts).set({ startAt: startedAt }).where(inArray(incidentImpacts.id, moved.map((i) => i.id))).run();
    }
    const exclusion = input.slaExclusion === undefined ? { cause: before.slaExclusionCause, reason: before.slaExclusionReason } : { cause: input.slaExclusion?.cause ?? null, reason: input.slaExclusion?.reason ?? null };
    tx.update(incidents)
      .set({
        title: input.title ?? before.title,
        lang: settledLang(ctx, before.lang, input),
        titleTranslation: input.translation?.title === undefined ? before.titleTranslation : input.translation.title,
        severity: input.severity ?? before.severity,
        startedAt: startedAt ?? before.startedAt,
        slaExclusionCause: exclusion.cause,
        slaExclusionReason: exclusion.reason,
        updatedAt: Math.max(before.updatedAt, time.at),
      })
      .where(eq(incidents.id, id))
      .run();
    const after = requireIncident(tx, id);
    audit({ action: 'incident.edit', entityType: 'incident', entityId: id, before: auditSnapshot(before), after: auditSnapshot(after) });
    return after;
  });
}
