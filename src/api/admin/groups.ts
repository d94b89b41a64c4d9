// Service groups (reads: viewer; writes: admin). Deleting a group ungroups its services first.
import { createGroup, deleteGroup, listGroupsWithCounts, updateGroup } from '../../services/catalog/admin.ts';
import type { GroupRow } from '../../services/catalog/lookup.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { adminApp, adminRoute, At, IdParams, jsonBody, z } from './openapi.ts';
import { ok, GroupDeleted, GroupJson, GroupList } from './responses.ts';
import { iso } from './serialize.ts';

const Name = z.string().trim().min(1).max(100).openapi({ example: 'Hosting' });
const Position = z.int().min(0);

export const CreateGroup = z
  .strictObject({ name: Name, position: Position.optional().openapi({ description: 'Default: after the last group.' }), at: At })
  .openapi('CreateGroup');

export const UpdateGroup = z
  .strictObject({ name: Name.optional(), position: Position.optional(), at: At })
  .refine((b) => b.name !== undefined || b.position !== undefined, { message: 'Give at least one field to change.' })
  .openapi('UpdateGroup');

const DeleteQuery = z.strictObject({ at: At });

export function groupJson(g: GroupRow) {
  return { id: g.id, name: g.name, position: g.position, createdAt: iso(g.createdAt), updatedAt: iso(g.updatedAt) };
}

export function groupRoutes(ctx: AppContext) {
  return adminApp()
    .openapi(
      adminRoute({ operationId: 'listGroups', method: 'get', path: '/groups', role: 'viewer', summary: 'List service groups', responses: { 200: ok('Groups in display order, each with its number of services (archived ones not counted)', GroupList) } }),
      (c) => c.json({ groups: listGroupsWithCounts(ctx.db).map((g) => ({ ...groupJson(g), serviceCount: g.serviceCount })) }, 200),
    )
    .openapi(
      adminRoute({ operationId: 'createGroup', method: 'post', path: '/groups', role: 'admin', summary: 'Create a service group', request: jsonBody(CreateGroup), responses: { 201: ok('The group', GroupJson), 409: { description: 'name_taken' } } }),
      (c) => c.json(groupJson(createGroup(ctx, c.get('actor'), c.req.valid('json'))), 201),
    )
    .openapi(
      adminRoute({
        operationId: 'updateGroup', method: 'patch',
        path: '/groups/{id}',
        role: 'admin',
        summary: 'Change a service group',
        request: { params: IdParams, ...jsonBody(UpdateGroup) },
        responses: { 200: ok('The group', GroupJson), 404: { description: 'not_found' }, 409: { description: 'name_taken' } },
      }),
      (c) => c.json(groupJson(updateGroup(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('json'))), 200),
    )
    .openapi(
      adminRoute({
        operationId: 'deleteGroup', method: 'delete',
        path: '/groups/{id}',
        role: 'admin',
        summary: 'Delete a service group',
        description: 'Its services (archived ones too) become ungrouped, then the group is deleted.',
        request: { params: IdParams, query: DeleteQuery },
        responses: { 200: ok('`{ deleted, ungroupedServices }`', GroupDeleted), 404: { description: 'not_found' } },
      }),
      (c) => c.json(deleteGroup(ctx, c.get('actor'), c.req.valid('param').id, c.req.valid('query').at), 200),
    );
}
