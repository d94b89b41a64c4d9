// What the outbox carries, one payload shape per event kind. Writers (incidents, maintenance,
// reports, subscriptions, the reminder) are checked by the compiler; readers (the mail worker and
// its templates) validate the stored JSON with the same schemas, so a row written by an older
// version or by hand is refused by name instead of rendered by guessing.
import { z } from 'zod';
import { LOCALES } from '../../config.ts';
import { IMPACTS, INCIDENT_STATUSES, MAINTENANCE_STATUSES, SEVERITIES } from '../../domain/vocabulary.ts';

const Id = z.number().int().positive();
const Instant = z.iso.datetime({ offset: true });
// The second language (optional, so rows written before there were two still read): `lang` is
// the language of the texts, `*Translation` the same text in the other language.
const Lang = z.enum(LOCALES).optional();
const Translation = z.string().nullable().optional();
const ServiceLine = z.object({ id: Id, slug: z.string(), name: z.string(), lang: Lang, nameTranslation: Translation });

const IncidentPayload = z.object({
  incidentId: Id,
  updateId: Id,
  status: z.enum(INCIDENT_STATUSES),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  lang: Lang,
  titleTranslation: Translation,
  messageTranslation: Translation,
  /** Impacts in force after this update. */
  services: z.array(ServiceLine.extend({ impact: z.enum(IMPACTS) })),
  at: Instant,
  backfilled: z.boolean(),
});

const MaintenancePayload = z.object({
  maintenanceId: Id,
  title: z.string(),
  status: z.enum(MAINTENANCE_STATUSES),
  message: z.string(),
  lang: Lang,
  titleTranslation: Translation,
  messageTranslation: Translation,
  scheduledStart: Instant,
  scheduledEnd: Instant,
  actualStart: Instant.nullable(),
  actualEnd: Instant.nullable(),
  services: z.array(ServiceLine),
  backfilled: z.boolean(),
  /** maintenance.changed: the window and services before the change. */
  previous: z.object({ scheduledStart: Instant, scheduledEnd: Instant, serviceIds: z.array(Id) }).optional(),
});

const ReportPayload = z.object({
  incidentId: Id,
  title: z.string(),
  body: z.string(),
  lang: Lang,
  titleTranslation: Translation,
  bodyTranslation: Translation,
  publishedAt: Instant,
  dueAt: Instant,
  onTime: z.boolean(),
  backfilled: z.boolean(),
});

const SubscriptionConfirmPayload = z.object({ subscriberId: Id });

export const OUTBOX_PAYLOADS = {
  'incident.created': IncidentPayload,
  'incident.updated': IncidentPayload,
  'incident.resolved': IncidentPayload,
  'incident.reopened': IncidentPayload,
  'maintenance.scheduled': MaintenancePayload,
  'maintenance.changed': MaintenancePayload,
  'maintenance.reminder': MaintenancePayload,
  'maintenance.started': MaintenancePayload,
  'maintenance.updated': MaintenancePayload,
  'maintenance.completed': MaintenancePayload,
  'maintenance.cancelled': MaintenancePayload,
  'report.published': ReportPayload,
  'subscription.confirm': SubscriptionConfirmPayload,
} as const;

export type OutboxEventType = keyof typeof OUTBOX_PAYLOADS;
export const OUTBOX_EVENT_TYPES = Object.keys(OUTBOX_PAYLOADS) as OutboxEventType[];
/** The kinds whose payload is a maintenance window. */
export type MaintenanceEventType = Extract<OutboxEventType, `maintenance.${string}`>;
export type IncidentEventPayload = z.infer<typeof IncidentPayload>;
export type MaintenanceEventPayload = z.infer<typeof MaintenancePayload>;
export type ReportEventPayload = z.infer<typeof ReportPayload>;

/** A typed event: the kind and its payload, checked together. */
export type OutboxEvent = { [K in OutboxEventType]: { type: K; payload: z.infer<(typeof OUTBOX_PAYLOADS)[K]> } }[OutboxEventType];

export class OutboxPayloadError extends Error {}

/** Validates a stored event (payload already JSON-parsed or still a string). */
export function readOutboxEvent(type: string, payload: unknown): OutboxEvent {
  if (!(type in OUTBOX_PAYLOADS)) throw new OutboxPayloadError(`Unknown outbox event type ${type}`);
  const raw = typeof payload === 'string' ? safeJson(payload) : payload;
  const parsed = OUTBOX_PAYLOADS[type as OutboxEventType].safeParse(raw);
  if (!parsed.success) throw new OutboxPayloadError(`Invalid ${type} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`);
  return { type, payload: parsed.data } as OutboxEvent;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
