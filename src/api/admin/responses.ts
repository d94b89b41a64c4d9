// The admin API's answers as schemas, for the OpenAPI document: a client generated from it
// (openapi-typescript) knows every field. The routes' handlers are type-checked against these
// (@hono/zod-openapi types each c.json() by its response schema), so a serialiser and its schema
// cannot drift apart without `tsc` failing.
import { API_ROLES, IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, SEVERITIES, SLA_EXCLUSION_CAUSES } from '../../domain/vocabulary.ts';
import { z } from './openapi.ts';

const Time = z.string().openapi({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' });
const MaybeTime = Time.nullable();

export const ServiceJson = z
  .object({
    id: z.int(),
    slug: z.string(),
    name: z.string(),
    description: z.string(),
    group: z.object({ id: z.int(), name: z.string() }).nullable(),
    position: z.int(),
    slaCovered: z.boolean(),
    startDate: Time,
    archivedAt: MaybeTime,
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Service');
export const ServiceList = z.object({ services: z.array(ServiceJson) }).openapi('ServiceList');

export const GroupJson = z.object({ id: z.int(), name: z.string(), position: z.int(), createdAt: Time, updatedAt: Time }).openapi('Group');
export const GroupList = z.object({ groups: z.array(GroupJson.extend({ serviceCount: z.int() })) }).openapi('GroupList');
export const GroupDeleted = z.object({ deleted: z.int(), ungroupedServices: z.int() }).openapi('GroupDeleted');

const Target = z
  .object({
    state: z.enum(['met', 'breached', 'pending']),
    targetSeconds: z.number(),
    businessHours: z.boolean(),
    actualSeconds: z.number().nullable(),
    reachedAt: MaybeTime,
    deadline: Time,
    remainingSeconds: z.number().nullable(),
  })
  .openapi('Target');

const UpdateJson = (statuses: readonly [string, ...string[]]) => z.object({ id: z.int(), status: z.enum(statuses), message: z.string(), createdAt: Time, backfilled: z.boolean() });

export const IncidentJson = z
  .object({
    id: z.int(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    status: z.enum(INCIDENT_STATUSES),
    startedAt: Time,
    createdAt: Time,
    updatedAt: Time,
    monitoringAt: MaybeTime,
    resolvedAt: MaybeTime,
    slaExclusion: z.object({ cause: z.enum(SLA_EXCLUSION_CAUSES), reason: z.string() }).nullable(),
    backfilled: z.boolean(),
    services: z.array(z.object({ id: z.int(), slug: z.string(), name: z.string(), impact: z.enum(IMPACTS) })),
    impacts: z.array(z.object({ serviceId: z.int(), slug: z.string(), impact: z.enum(IMPACTS), startAt: Time, endAt: MaybeTime })),
    updates: z.array(UpdateJson(INCIDENT_STATUSES)),
    report: z.object({ body: z.string(), createdAt: Time, updatedAt: Time, publishedAt: MaybeTime, backfilled: z.boolean() }).nullable(),
    reportDueAt: MaybeTime,
    reportState: z.enum(['not_due', 'pending', 'overdue', 'published_on_time', 'published_late']),
    targets: z.object({ response: Target, resolution: Target }),
  })
  .openapi('Incident');
export const IncidentList = z.object({ incidents: z.array(IncidentJson) }).openapi('IncidentList');

export const MaintenanceJson = z
  .object({
    id: z.int(),
    title: z.string(),
    message: z.string(),
    status: z.enum(MAINTENANCE_STATUSES),
    scheduledStart: Time,
    scheduledEnd: Time,
    announcedAt: Time,
    actualStart: MaybeTime,
    actualEnd: MaybeTime,
    autoTransition: z.boolean(),
    backfilled: z.boolean(),
    services: z.array(z.object({ id: z.int(), slug: z.string(), name: z.string() })),
    updates: z.array(UpdateJson(MAINTENANCE_STATUSES)),
    noticeHours: z.number(),
    noticeRuleMet: z.boolean(),
    warning: z.object({ code: z.literal('short_notice'), message: z.string() }).optional(),
    createdAt: Time,
    updatedAt: Time,
  })
  .openapi('Maintenance');
export const MaintenanceList = z.object({ maintenances: z.array(MaintenanceJson) }).openapi('MaintenanceList');

export const ApiKeyJson = z.object({ id: z.int(), name: z.string(), role: z.enum(API_ROLES), prefix: z.string(), createdAt: Time, lastUsedAt: MaybeTime, revokedAt: MaybeTime }).openapi('ApiKey');
export const ApiKeyList = z.object({ keys: z.array(ApiKeyJson) }).openapi('ApiKeyList');
export const ApiKeyCreated = ApiKeyJson.extend({ key: z.string().openapi({ description: 'The key itself: shown this once.' }) }).openapi('ApiKeyCreated');

export const AuditPage = z
  .object({
    entries: z.array(
      z.object({
        id: z.int(),
        at: Time,
        effectiveAt: Time,
        actorKeyId: z.int().nullable(),
        actorName: z.string(),
        action: z.string(),
        entityType: z.string(),
        entityId: z.int().nullable(),
        before: z.unknown(),
        after: z.unknown(),
        backfilled: z.boolean(),
      }),
    ),
    nextBefore: z.int().nullable(),
  })
  .openapi('AuditPage');

const DeliveryState = z.enum(['pending', 'sent', 'failed', 'skipped']);
export const DeliveriesAnswer = z
  .union([
    z.object({
      deliveries: z.array(
        z.object({
          id: z.int(),
          eventId: z.int(),
          type: z.string(),
          subscriberId: z.int(),
          email: z.string(),
          state: DeliveryState,
          attempts: z.int(),
          lastError: z.string().nullable(),
          resendId: z.string().nullable(),
          createdAt: Time,
          sentAt: MaybeTime,
          nextAttemptAt: MaybeTime,
        }),
      ),
      nextBefore: z.int().nullable(),
    }),
    z.object({
      events: z.array(z.object({ eventId: z.int(), type: z.string(), createdAt: Time, expanded: z.boolean(), pending: z.int(), sent: z.int(), failed: z.int(), skipped: z.int() })),
      nextBefore: z.int().nullable(),
    }),
  ])
  .openapi('Deliveries');

export const Mailbox = z
  .object({
    active: z.boolean(),
    dir: z.string(),
    emails: z.array(
      z.object({
        id: z.string(),
        idempotencyKey: z.string(),
        from: z.string(),
        to: z.string(),
        subject: z.string(),
        headers: z.record(z.string(), z.string()),
        tags: z.array(z.object({ name: z.string(), value: z.string() })),
        text: z.string(),
        htmlFile: z.string(),
        createdAt: Time,
      }),
    ),
  })
  .openapi('Mailbox');

const HitsMisses = z.object({ hits: z.int(), misses: z.int() });
export const CacheStats = z
  .object({
    entries: z.int(),
    bytes: z.int(),
    maxBytes: z.int(),
    evicted: z.int(),
    generation: z.int(),
    hits: z.int(),
    misses: z.int(),
    stale: z.int(),
    servedOnError: z.int(),
    notModified: z.int(),
    renders: z.int(),
    backgroundRenders: z.int(),
    failedRenders: z.int(),
    byEncoding: z.record(z.string(), HitsMisses),
  })
  .openapi('CacheStats');

/** A JSON success answer with its schema. */
export function ok<T extends z.ZodType>(description: string, schema: T) {
  return { description, content: { 'application/json': { schema } } };
}
