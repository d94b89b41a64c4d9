// Staff's webhook endpoints: add, change, re-enable and remove, each one write() (row + audit, and
// nothing announced). The signing secret is generated here and shown once, when the endpoint is
// made; lists show its first characters only.
import { randomBytes } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, max } from 'drizzle-orm';
import { outboxEvents, services, WEBHOOK_PRESETS, webhookAttempts, webhookDeliveries, webhookEndpoints, webhookEndpointServices } from '../../../db/schema.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { Actor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { write, type Tx } from '../kernel/write.ts';
import { resolveServiceRefs, type ServiceRef } from '../catalog/lookup.ts';
import { checkWebhookUrl } from './urls.ts';

export type WebhookPreset = (typeof WEBHOOK_PRESETS)[number];
export { WEBHOOK_PRESETS };
export type EndpointRow = typeof webhookEndpoints.$inferSelect;

export interface EndpointFields {
  name?: string | undefined;
  url?: string | undefined;
  preset?: WebhookPreset | undefined;
  /** null or absent on create: every service, now and future. */
  services?: readonly ServiceRef[] | null | undefined;
  /** true re-enables a disabled endpoint (and forgets its failures). */
  enabled?: boolean | undefined;
}

export interface EndpointView {
  id: number;
  name: string;
  url: string;
  preset: WebhookPreset;
  secretPrefix: string;
  allServices: boolean;
  services: { id: number; slug: string; name: string }[];
  enabled: boolean;
  disabledAt: number | null;
  disabledReason: string | null;
  consecutiveFailures: number;
  createdAt: number;
  updatedAt: number;
  counts: { pending: number; sent: number; failed: number };
}

export const WEBHOOK_SECRET_PREFIX = 'whsec_';

function view(ctx: AppContext, row: EndpointRow): EndpointView {
  const db = ctx.db;
  const svc = db
    .select({ id: services.id, slug: services.slug, name: services.name })
    .from(webhookEndpointServices)
    .innerJoin(services, eq(services.id, webhookEndpointServices.serviceId))
    .where(eq(webhookEndpointServices.endpointId, row.id))
    .orderBy(asc(services.name))
    .all();
  const counts = { pending: 0, sent: 0, failed: 0 };
  for (const r of db.$client.prepare('SELECT state, COUNT(*) AS n FROM webhook_deliveries WHERE endpoint_id = ? GROUP BY state').all(row.id) as { state: keyof typeof counts; n: number }[]) counts[r.state] = r.n;
  return {
    id: row.id,
    name: row.name,
    url: row.url,
    preset: row.preset,
    secretPrefix: row.secret.slice(0, WEBHOOK_SECRET_PREFIX.length + 4),
    allServices: row.allServices,
    services: svc,
    enabled: row.disabledAt === null,
    disabledAt: row.disabledAt,
    disabledReason: row.disabledReason,
    consecutiveFailures: row.consecutiveFailures,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    counts,
  };
}

function findRow(db: AppContext['db'] | Tx, id: number): EndpointRow {
  const row = db.select().from(webhookEndpoints).where(and(eq(webhookEndpoints.id, id), isNull(webhookEndpoints.deletedAt))).get();
  if (!row) throw new ApiError('not_found', `No webhook endpoint with id ${id}.`);
  return row;
}

export function listEndpoints(ctx: AppContext): EndpointView[] {
  return ctx.db.select().from(webhookEndpoints).where(isNull(webhookEndpoints.deletedAt)).orderBy(asc(webhookEndpoints.id)).all().map((r) => view(ctx, r));
}

export function getEndpoint(ctx: AppContext, id: number): EndpointView {
  return view(ctx, findRow(ctx.db, id));
}

function setServices(tx: Tx, endpointId: number, ids: number[]): void {
  tx.delete(webhookEndpointServices).where(eq(webhookEndpointServices.endpointId, endpointId)).run();
  if (ids.length) tx.insert(webhookEndpointServices).values(ids.map((serviceId) => ({ endpointId, serviceId }))).run();
}

/** Creates an endpoint; the answer carries the whole secret, the only time it is shown. */
export function createEndpoint(ctx: AppContext, actor: Actor, f: EndpointFields & { name: string; url: string }): EndpointView & { secret: string } {
  const url = checkWebhookUrl(f.url, ctx.config.webhooks.allowPrivate);
  const now = ctx.clock();
  const secret = `${WEBHOOK_SECRET_PREFIX}${randomBytes(24).toString('base64url')}`;
  const id = write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const serviceIds = f.services ? resolveServiceRefs(tx, f.services) : [];
    // Announcements already in the outbox were made before this endpoint existed.
    const fromEventId = tx.select({ m: max(outboxEvents.id) }).from(outboxEvents).get()?.m ?? 0;
    const row = tx
      .insert(webhookEndpoints)
      .values({ name: f.name, url, preset: f.preset ?? 'statuspage', secret, allServices: !f.services, fromEventId, createdAt: now, updatedAt: now })
      .returning()
      .get();
    setServices(tx, row.id, serviceIds);
    audit({ action: 'webhook.create', entityType: 'webhook', entityId: row.id, after: { ...row, secret: undefined, serviceIds } });
    return row.id;
  });
  return { ...getEndpoint(ctx, id), secret };
}

export function updateEndpoint(ctx: AppContext, actor: Actor, id: number, f: EndpointFields): EndpointView {
  const now = ctx.clock();
  const url = f.url === undefined ? undefined : checkWebhookUrl(f.url, ctx.config.webhooks.allowPrivate);
  write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const before = findRow(tx, id);
    const patch: Partial<EndpointRow> = { updatedAt: now };
    if (f.name !== undefined) patch.name = f.name;
    if (url !== undefined) patch.url = url;
    if (f.preset !== undefined) patch.preset = f.preset;
    if (f.services !== undefined) {
      patch.allServices = f.services === null;
      setServices(tx, id, f.services ? resolveServiceRefs(tx, f.services) : []);
    }
    if (f.enabled === true) Object.assign(patch, { disabledAt: null, disabledReason: null, consecutiveFailures: 0 });
    if (f.enabled === false && before.disabledAt === null) Object.assign(patch, { disabledAt: now, disabledReason: `disabled by ${actor.name}` });
    const after = tx.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).returning().get();
    audit({ action: 'webhook.update', entityType: 'webhook', entityId: id, before: { ...before, secret: undefined }, after: { ...after, secret: undefined } });
  });
  return getEndpoint(ctx, id);
}

/** Removes an endpoint: nothing more is sent to it; its delivery history stays for the record. */
export function deleteEndpoint(ctx: AppContext, actor: Actor, id: number): void {
  const now = ctx.clock();
  write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const before = findRow(tx, id);
    tx.update(webhookEndpoints).set({ deletedAt: now, updatedAt: now }).where(eq(webhookEndpoints.id, id)).run();
    tx.update(webhookDeliveries).set({ state: 'failed', lastError: 'endpoint removed' }).where(and(eq(webhookDeliveries.endpointId, id), eq(webhookDeliveries.state, 'pending'))).run();
    audit({ action: 'webhook.delete', entityType: 'webhook', entityId: id, before: { ...before, secret: undefined } });
  });
}

export interface DeliveryView {
  id: number;
  eventId: number;
  eventKey: string;
  eventType: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: { at: number; durationMs: number; statusCode: number | null; error: string | null }[];
  nextAttemptAt: number | null;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
}

/** The endpoint's latest deliveries with every attempt (newest first). */
export function endpointDeliveries(ctx: AppContext, id: number, limit = 50): DeliveryView[] {
  findRow(ctx.db, id);
  const rows = ctx.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, id)).orderBy(desc(webhookDeliveries.id)).limit(limit).all();
  const attempts = rows.length
    ? ctx.db.select().from(webhookAttempts).where(inArray(webhookAttempts.deliveryId, rows.map((r) => r.id))).orderBy(asc(webhookAttempts.id)).all()
    : [];
  return rows.map((r) => ({
    id: r.id,
    eventId: r.eventId,
    eventKey: r.eventKey,
    eventType: r.eventType,
    state: r.state,
    attempts: attempts.filter((a) => a.deliveryId === r.id).map((a) => ({ at: a.at, durationMs: a.durationMs, statusCode: a.statusCode, error: a.error })),
    nextAttemptAt: r.state === 'pending' ? r.nextAttemptAt : null,
    lastError: r.lastError,
    createdAt: r.createdAt,
    sentAt: r.sentAt,
  }));
}
