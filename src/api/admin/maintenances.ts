// Maintenance windows (reads: viewer; writes: editor; backfill `at`: admin). announcedAt is always
// the write time, never a client's value: the SLA's 48-hour notice rule depends on it, so every
// window's JSON says how much notice it had and warns when the rule is not met.
import { MAINTENANCE_STATUSES } from '../../domain/vocabulary.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { changeMaintenance, createMaintenance, getMaintenance, listMaintenances, maintenanceNotice, postMaintenanceUpdate, UPDATE_STATUSES, type MaintenanceRecord } from '../../services/maintenance/commands.ts';
import { adminApp, adminRoute, At, IdParams, jsonBody, ServiceRef, z } from './openapi.ts';
import { ok, MaintenanceJson, MaintenanceList } from './responses.ts';
import { iso } from './serialize.ts';

const Title = z.string().trim().min(1).max(200);
// Markdown, stored as written (sanitised only when rendered).
const Message = z.string().max(50_000);
const Time = z.iso.datetime({ offset: true });
const ServiceRefs = z
  .array(ServiceRef)
  .min(1)
  .max(200)
  .openapi({ description: 'Each service once (by slug or id); a repeat is refused with duplicate_service.' });
const Notify = z.boolean().openapi({ description: 'Announce to subscribers (default true).' });

export const CreateMaintenance = z
  .strictObject({
    title: Title.openapi({ example: 'Database upgrade' }),
    message: Message.min(1).openapi({ description: 'Markdown', example: 'We upgrade the database cluster. Expect a few seconds of read-only mode.' }),
    services: ServiceRefs,
    scheduledStart: Time.openapi({ description: 'Not before the announcement (5 minutes of grace).', example: '2026-11-10T22:00:00Z' }),
    scheduledEnd: Time.openapi({ description: 'After scheduledStart.', example: '2026-11-11T00:00:00Z' }),
    autoTransition: z.boolean().optional().openapi({ description: 'Move to in_progress and completed at the scheduled times (default true).' }),
    notify: Notify.optional(),
    at: At,
  })
  .openapi('CreateMaintenance');

const CHANGE_FIELDS = ['title', 'message', 'scheduledStart', 'scheduledEnd', 'services', 'autoTransition'] as const;
export const ChangeMaintenance = z
  .strictObject({
    title: Title.optional(),
    message: Message.min(1).optional(),
    scheduledStart: Time.optional().openapi({ description: 'Only while scheduled.' }),
    scheduledEnd: Time.optional().openapi({ description: 'Only while scheduled.' }),
    services: ServiceRefs.optional().openapi({ description: 'Replaces the list; only while scheduled.' }),
    autoTransition: z.boolean().optional(),
    notify: Notify.optional().openapi({ description: 'Announce a schedule change to subscribers (default true).' }),
    at: At,
  })
  .refine((b) => CHANGE_FIELDS.some((k) => b[k] !== undefined), { message: `Give at least one of: ${CHANGE_FIELDS.join(', ')}.` })
  .openapi('ChangeMaintenance');

export const PostUpdate = z
  .strictObject({
    status: z.enum(UPDATE_STATUSES).openapi({ description: 'scheduled → in_progress → verifying (optional) → completed; cancelled before completion.' }),
    message: Message.optional().openapi({ description: 'Markdown; required when the status stays the same.' }),
    notify: Notify.optional(),
    at: At,
  })
  .openapi('MaintenanceUpdate');

const ListQuery = z.strictObject({
  status: z.enum(MAINTENANCE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function maintenanceJson(m: MaintenanceRecord) {
  const { noticeHours, noticeRuleMet, warning } = maintenanceNotice(m);
  return {
    id: m.id,
    title: m.title,
    message: m.body,
    status: m.status,
    scheduledStart: iso(m.scheduledStart),
    scheduledEnd: iso(m.scheduledEnd),
    announcedAt: iso(m.announcedAt),
    actualStart: iso(m.actualStart),
    actualEnd: iso(m.actualEnd),
    autoTransition: m.autoTransition,
    backfilled: m.backfilled,
    services: m.services,
    updates: m.updates.map((u) => ({ id: u.id, status: u.status, message: u.body, createdAt: iso(u.createdAt), backfilled: u.backfilled })),
    noticeHours,
    noticeRuleMet,
    ...(warning ? { warning } : {}),
    createdAt: iso(m.createdAt),
    updatedAt: iso(m.updatedAt),
  };
}

export function maintenanceRoutes(ctx: AppContext) {
  return adminApp()
    .openapi(
      adminRoute({
        operationId: 'listMaintenances', method: 'get',
        path: '/maintenances',
        role: 'viewer',
        summary: 'List maintenance windows',
        request: { query: ListQuery },
        responses: { 200: ok('Windows, latest scheduled start first', MaintenanceList) },
      }),
      (c) => c.json({ maintenances: listMaintenances(ctx.db, c.req.valid('query')).map(maintenanceJson) }, 200),
    )
    .openapi(
      adminRoute({
        operationId: 'createMaintenance', method: 'post',
        path: '/maintenances',
        role: 'editor',
        summary: 'Announce a maintenance window',
        description: 'announcedAt is the time of this call (or the backfilled `at`); the response tells whether the SLA’s 48-hour notice rule is met.',
        request: jsonBody(CreateMaintenance),
        responses: {
          201: ok('The window, with noticeHours, noticeRuleMet and a short_notice warning when the rule is not met', MaintenanceJson),
          404: { description: 'unknown_service' },
          422: { description: 'end_before_start, start_in_past, at_in_future' },
        },
      }),
      (c) => c.json(maintenanceJson(createMaintenance(ctx, c.get('actor'), c.req.valid('json'))), 201),
    )
    .openapi(
      adminRoute({ operationId: 'getMaintenance', method: 'get', path: '/maintenances/{id}', role: 'viewer', summary: 'Read a maintenance window', request: { params: IdParams }, responses: { 200: ok('The window', MaintenanceJson), 404: { description: 'not_found' } } }),
      (c) => {
        const { id } = c.req.valid('param');
        const found = getMaintenance(ctx.db, id);
        if (!found) throw new ApiError('not_found', `No maintenance ${id}.`);
        return c.json(maintenanceJson(found), 200);
      },
    )
    .openapi(
      adminRoute({
        operationId: 'changeMaintenance', method: 'patch',
        path: '/maintenances/{id}',
        role: 'editor',
        summary: 'Change a maintenance window',
        description: 'Title, message and autoTransition any time; schedule and services only while scheduled. announcedAt never changes.',
        request: { params: IdParams, ...jsonBody(ChangeMaintenance) },
        responses: { 200: ok('The window', MaintenanceJson), 404: { description: 'not_found, unknown_service' }, 409: { description: 'not_scheduled, at_out_of_order' }, 422: { description: 'end_before_start, start_in_past' } },
      }),
      (c) => c.json(maintenanceJson(changeMaintenance(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      adminRoute({
        operationId: 'postMaintenanceUpdate', method: 'post',
        path: '/maintenances/{id}/updates',
        role: 'editor',
        summary: 'Post a maintenance update',
        description: 'in_progress records the actual start, completed the actual end; cancelling a window in progress ends it.',
        request: { params: IdParams, ...jsonBody(PostUpdate) },
        responses: { 201: ok('The window with the new update first', MaintenanceJson), 404: { description: 'not_found' }, 409: { description: 'invalid_transition, at_out_of_order' }, 422: { description: 'message_required, at_in_future' } },
      }),
      (c) => c.json(maintenanceJson(postMaintenanceUpdate(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 201),
    );
}
