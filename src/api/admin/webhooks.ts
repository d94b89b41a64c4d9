// Webhook, Slack and Teams endpoints (reads: viewer; writes: admin — a URL that receives every
// announcement is the admin's call). The secret is in the creation answer only.
import type { AppContext } from '../../services/kernel/context.ts';
import { createEndpoint, deleteEndpoint, endpointDeliveries, getEndpoint, listEndpoints, updateEndpoint, WEBHOOK_PRESETS, type EndpointView } from '../../services/webhooks/endpoints.ts';
import { adminApp, adminRoute, IdParams, jsonBody, ServiceRef, z } from './openapi.ts';
import { ok } from './responses.ts';
import { iso } from './serialize.ts';

const Time = z.string().openapi({ format: 'date-time', example: '2026-11-24T12:00:00.000Z' });
const WebhookJson = z
  .object({
    id: z.int(),
    name: z.string(),
    url: z.string(),
    preset: z.enum(WEBHOOK_PRESETS),
    secretPrefix: z.string(),
    allServices: z.boolean(),
    services: z.array(z.object({ id: z.int(), slug: z.string(), name: z.string() })),
    enabled: z.boolean(),
    disabledAt: Time.nullable(),
    disabledReason: z.string().nullable(),
    consecutiveFailures: z.int(),
    createdAt: Time,
    updatedAt: Time,
    counts: z.object({ pending: z.int(), sent: z.int(), failed: z.int() }),
  })
  .openapi('Webhook');
const WebhookList = z.object({ webhooks: z.array(WebhookJson) }).openapi('WebhookList');
const WebhookCreated = WebhookJson.extend({ secret: z.string().openapi({ description: 'The signing secret (whsec_…), shown only in this answer' }) }).openapi('WebhookCreated');
const WebhookDeleted = z.object({ deleted: z.int() }).openapi('WebhookDeleted');
const WebhookDeliveries = z
  .object({
    deliveries: z.array(
      z.object({
        id: z.int(),
        eventId: z.int(),
        eventKey: z.string(),
        eventType: z.string(),
        state: z.enum(['pending', 'sent', 'failed']),
        attempts: z.array(z.object({ at: Time, durationMs: z.int(), statusCode: z.int().nullable(), error: z.string().nullable() })),
        nextAttemptAt: Time.nullable(),
        lastError: z.string().nullable(),
        createdAt: Time,
        sentAt: Time.nullable(),
      }),
    ),
  })
  .openapi('WebhookDeliveries');

const Name = z.string().trim().min(1).max(100).openapi({ example: 'On-call receiver' });
const Url = z.string().trim().min(1).max(2000).openapi({ description: 'http or https; loopback and private addresses only with WEBHOOK_ALLOW_PRIVATE=1' });
const Preset = z.enum(WEBHOOK_PRESETS).openapi({ description: 'statuspage: Statuspage webhook JSON, signed; slack: `{ text, blocks }`; teams: a MessageCard' });
const Services = z.array(ServiceRef).min(1).max(500).nullable().openapi({ description: 'Only announcements about these services; null or absent: every service' });

export const CreateWebhook = z.strictObject({ name: Name, url: Url, preset: Preset.optional(), services: Services.optional() }).openapi('CreateWebhook');
export const UpdateWebhook = z
  .strictObject({ name: Name.optional(), url: Url.optional(), preset: Preset.optional(), services: Services.optional(), enabled: z.boolean().optional().openapi({ description: 'true re-enables a disabled endpoint and forgets its failures' }) })
  .refine((b) => Object.keys(b).length > 0, { message: 'Give at least one field to change.' })
  .openapi('UpdateWebhook');
const DeliveriesQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50) });

export function webhookJson(e: EndpointView) {
  return { ...e, disabledAt: iso(e.disabledAt), createdAt: iso(e.createdAt), updatedAt: iso(e.updatedAt) };
}

export function webhookRoutesAdmin(ctx: AppContext) {
  return adminApp()
    .openapi(
      adminRoute({ operationId: 'listWebhooks', method: 'get', path: '/webhooks', role: 'viewer', summary: 'List webhook endpoints', responses: { 200: ok('The endpoints with delivery counts and, when disabled, the reason', WebhookList) } }),
      (c) => c.json({ webhooks: listEndpoints(ctx).map(webhookJson) }, 200),
    )
    .openapi(
      adminRoute({ operationId: 'createWebhook', method: 'post', path: '/webhooks', role: 'admin', summary: 'Add a webhook endpoint', request: jsonBody(CreateWebhook), responses: { 201: ok('The endpoint, with its signing `secret` (shown only here)', WebhookCreated), 400: { description: 'invalid_webhook_url, invalid_request' }, 404: { description: 'unknown_service' } } }),
      (c) => {
        const { secret, ...e } = createEndpoint(ctx, c.get('actor'), c.req.valid('json'));
        return c.json({ ...webhookJson(e), secret }, 201);
      },
    )
    .openapi(
      adminRoute({ operationId: 'getWebhook', method: 'get', path: '/webhooks/{id}', role: 'viewer', summary: 'One webhook endpoint', request: { params: IdParams }, responses: { 200: ok('The endpoint', WebhookJson), 404: { description: 'not_found' } } }),
      (c) => c.json(webhookJson(getEndpoint(ctx, c.req.valid('param').id)), 200),
    )
    .openapi(
      adminRoute({ operationId: 'updateWebhook', method: 'patch', path: '/webhooks/{id}', role: 'admin', summary: 'Change, disable or re-enable a webhook endpoint', request: { params: IdParams, ...jsonBody(UpdateWebhook) }, responses: { 200: ok('The endpoint', WebhookJson), 400: { description: 'invalid_webhook_url, invalid_request' }, 404: { description: 'not_found, unknown_service' } } }),
      (c) => c.json(webhookJson(updateEndpoint(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      adminRoute({ operationId: 'deleteWebhook', method: 'delete', path: '/webhooks/{id}', role: 'admin', summary: 'Remove a webhook endpoint', description: 'Nothing more is sent; pending deliveries fail with "endpoint removed"; the history stays.', request: { params: IdParams }, responses: { 200: ok('`{ deleted: id }`', WebhookDeleted), 404: { description: 'not_found' } } }),
      (c) => {
        const id = c.req.valid('param').id;
        deleteEndpoint(ctx, c.get('actor'), id);
        return c.json({ deleted: id }, 200);
      },
    )
    .openapi(
      adminRoute({ operationId: 'listWebhookDeliveries', method: 'get', path: '/webhooks/{id}/deliveries', role: 'viewer', summary: "A webhook endpoint's latest deliveries, each with every attempt", request: { params: IdParams, query: DeliveriesQuery }, responses: { 200: ok('The latest deliveries, newest first, each with every attempt', WebhookDeliveries), 404: { description: 'not_found' } } }),
      (c) => {
        const rows = endpointDeliveries(ctx, c.req.valid('param').id, c.req.valid('query').limit);
        return c.json({ deliveries: rows.map((d) => ({ ...d, createdAt: iso(d.createdAt), sentAt: iso(d.sentAt), nextAttemptAt: iso(d.nextAttemptAt), attempts: d.attempts.map((a) => ({ ...a, at: iso(a.at) })) })) }, 200);
      },
    );
}
