// Services (reads: viewer; writes: admin). DELETE archives: the service leaves the public page but
// its incident history stays. `{id}` is the numeric id or the slug.
import { findServiceRef } from '../../services/catalog/lookup.ts';
import { archiveService, createService, findGroup, listServices, updateService } from '../../services/catalog/admin.ts';
import { listGroups, type GroupRow, type ServiceRow } from '../../services/catalog/lookup.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { ApiError } from '../../lib/http-error.ts';
import { adminApp, adminRoute, At, jsonBody, z } from './openapi.ts';
import { ok, ServiceJson, ServiceList } from './responses.ts';
import { iso } from './serialize.ts';

const Name = z.string().trim().min(1).max(100);
const Slug = z
  .string()
  .max(60)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase letters and digits, words joined by single hyphens')
  .openapi({ example: 'webhosting' });
const Fields = {
  description: z.string().max(500),
  group: Name.openapi({ description: 'Group name; the group is created when it does not exist yet.', example: 'Hosting' }),
  position: z.int().min(0),
  slaCovered: z.boolean(),
  startDate: z.iso.datetime({ offset: true }).openapi({ description: 'Observed time starts here (not in the future).' }),
};

export const CreateService = z
  .strictObject({
    name: Name.openapi({ example: 'Webhosting' }),
    slug: Slug.optional().openapi({ description: 'Default: made from the name.' }),
    description: Fields.description.optional(),
    group: Fields.group.optional(),
    position: Fields.position.optional().openapi({ description: 'Default: after the last service of the group.' }),
    slaCovered: Fields.slaCovered.optional().openapi({ description: 'Default: true.' }),
    startDate: Fields.startDate.optional().openapi({ description: 'Default: the write time.' }),
    at: At,
  })
  .openapi('CreateService');

export const UpdateService = z
  .strictObject({
    name: Name.optional(),
    slug: Slug.optional(),
    description: Fields.description.optional(),
    group: Fields.group.nullable().optional().openapi({ description: 'Group name (created when missing); null ungroups.' }),
    position: Fields.position.optional(),
    slaCovered: Fields.slaCovered.optional(),
    startDate: Fields.startDate.optional(),
    at: At,
  })
  .refine((b) => Object.keys(b).some((k) => k !== 'at'), { message: 'Give at least one field to change.' })
  .openapi('UpdateService');

const ServiceParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, description: 'Numeric id or slug', example: '1' }),
});
const ListQuery = z.strictObject({
  archived: z.enum(['true', 'false']).optional().openapi({ description: 'true: include archived services' }),
});
const ArchiveQuery = z.strictObject({ at: At });

export function serviceJson(row: ServiceRow, group: GroupRow | undefined) {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    group: group ? { id: group.id, name: group.name } : null,
    position: row.position,
    slaCovered: row.slaCovered,
    startDate: iso(row.startDate),
    archivedAt: iso(row.archivedAt),
    createdAt: iso(row.createdAt),
    updatedAt: iso(row.updatedAt),
  };
}

export function serviceRoutes(ctx: AppContext) {
  const one = (row: ServiceRow) => serviceJson(row, findGroup(ctx.db, row.groupId));

  return adminApp()
    .openapi(
      adminRoute({ operationId: 'listServices', method: 'get', path: '/services', role: 'viewer', summary: 'List services', request: { query: ListQuery }, responses: { 200: ok('Services in display order', ServiceList) } }),
      (c) => {
        const { archived } = c.req.valid('query');
        const groups = new Map(listGroups(ctx.db).map((g) => [g.id, g]));
        const rows = listServices(ctx.db, { includeArchived: archived === 'true' });
        return c.json({ services: rows.map((r) => serviceJson(r, r.groupId === null ? undefined : groups.get(r.groupId))) }, 200);
      },
    )
    .openapi(
      adminRoute({ operationId: 'createService', method: 'post', path: '/services', role: 'admin', summary: 'Create a service', request: jsonBody(CreateService), responses: { 201: ok('The service', ServiceJson), 409: { description: 'slug_taken' }, 422: { description: 'startDate or at in the future' } } }),
      (c) => c.json(one(createService(ctx, c.get('actor'), c.req.valid('json'))), 201),
    )
    .openapi(
      adminRoute({ operationId: 'getService', method: 'get', path: '/services/{id}', role: 'viewer', summary: 'Read a service', request: { params: ServiceParams }, responses: { 200: ok('The service', ServiceJson), 404: { description: 'not_found' } } }),
      (c) => {
        const { id } = c.req.valid('param');
        const row = findServiceRef(ctx.db, id);
        if (!row) throw new ApiError('not_found', `No service ${id}.`);
        return c.json(one(row), 200);
      },
    )
    .openapi(
      adminRoute({
        operationId: 'updateService', method: 'patch',
        path: '/services/{id}',
        role: 'admin',
        summary: 'Change a service',
        request: { params: ServiceParams, ...jsonBody(UpdateService) },
        responses: { 200: ok('The service', ServiceJson), 404: { description: 'not_found' }, 409: { description: 'slug_taken' } },
      }),
      (c) => c.json(one(updateService(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      adminRoute({
        operationId: 'archiveService', method: 'delete',
        path: '/services/{id}',
        role: 'admin',
        summary: 'Archive a service',
        description: 'Hides the service from the public page; its incident history stays. Archiving again keeps the first time.',
        request: { params: ServiceParams, query: ArchiveQuery },
        responses: { 200: ok('The archived service', ServiceJson), 404: { description: 'not_found' } },
      }),
      (c) => c.json(one(archiveService(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('query').at)), 200),
    );
}
