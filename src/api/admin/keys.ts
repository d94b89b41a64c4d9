// API keys (admin only). The plain key is in the create response and nowhere else, ever.
import { API_ROLES } from '../../domain/vocabulary.ts';
import { ApiError } from '../../lib/http-error.ts';
import { issueApiKey, listApiKeys, withdrawApiKey } from '../../services/kernel/api-keys.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { adminApp, adminRoute, IdParams, jsonBody, z } from './openapi.ts';
import { ok, ApiKeyCreated, ApiKeyJson, ApiKeyList } from './responses.ts';
import { isoKey } from './serialize.ts';

export const CreateKey = z.strictObject({ name: z.string().trim().min(1).max(100), role: z.enum(API_ROLES) }).openapi('CreateApiKey');

export function keyRoutes(ctx: AppContext) {
  return adminApp()
    .openapi(adminRoute({ operationId: 'listApiKeys', method: 'get', path: '/keys', role: 'admin', summary: 'List API keys', responses: { 200: ok('Keys (never the key itself)', ApiKeyList) } }), (c) =>
      c.json({ keys: listApiKeys(ctx.db).map(isoKey) }, 200),
    )
    .openapi(
      adminRoute({ operationId: 'createApiKey', method: 'post', path: '/keys', role: 'admin', summary: 'Create an API key', request: jsonBody(CreateKey), responses: { 201: ok('The key, shown this once', ApiKeyCreated) } }),
      (c) => {
        const created = issueApiKey(ctx, c.get('actor'), c.req.valid('json'));
        return c.json({ ...isoKey(created.key), key: created.token }, 201);
      },
    )
    .openapi(adminRoute({ operationId: 'revokeApiKey', method: 'delete', path: '/keys/{id}', role: 'admin', summary: 'Revoke an API key', request: { params: IdParams }, responses: { 200: ok('The revoked key', ApiKeyJson) } }), (c) => {
      const { id } = c.req.valid('param');
      const revoked = withdrawApiKey(ctx, c.get('actor'), id);
      if (!revoked) throw new ApiError('not_found', `No API key ${id}.`);
      return c.json(isoKey(revoked), 200);
    });
}
