// Bearer-key authentication for every /api/admin route (the OpenAPI document and the reference page
// excepted: they describe the API and reveal no data), and the role guard each route declares.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../lib/http-error.ts';
import { authenticateToken, roleAllows, type Actor, type Role } from '../../services/kernel/api-keys.ts';
import type { AppContext } from '../../services/kernel/context.ts';

export type AdminEnv = { Variables: { actor: Actor } };

const PUBLIC_PATHS = new Set(['/api/admin/openapi.json', '/api/admin/docs']);

export function authenticate(ctx: AppContext): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match) throw new ApiError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
    const actor = authenticateToken(ctx.db, match[1]!, ctx.config.adminToken, ctx.clock());
    if (!actor) throw new ApiError('unauthorized', 'The API key is unknown or revoked.');
    c.set('actor', actor);
    await next();
  };
}

export function requireRole(role: Role): MiddlewareHandler<AdminEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (!roleAllows(actor.role, role)) throw new ApiError('forbidden', `This needs the ${role} role; the key has ${actor.role}.`);
    await next();
  };
}
