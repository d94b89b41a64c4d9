// Route definitions for the admin API: each declares its minimum role, which becomes both the
// guard middleware and an `x-baken-role` entry in the OpenAPI document (the route table the auth
// tests enumerate). Validation failures all answer with the project's error shape.
import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { errorBody } from '../../lib/http-error.ts';
import type { Role } from '../../services/kernel/api-keys.ts';
import { requireRole, type AdminEnv } from './auth.ts';

export { z };

// zod's issue list is the details: path, code and message for each problem.
export const validationHook: Hook<unknown, AdminEnv, string, unknown> = (result, c) => {
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.join('.'), code: i.code, message: i.message }));
    return c.json(errorBody('invalid_request', 'The request is not valid.', issues), 400);
  }
};

export function adminApp(): OpenAPIHono<AdminEnv> {
  return new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });
}

const ERROR_RESPONSES = {
  400: { description: 'Invalid request (error shape: `{ error: { code, message, details } }`)' },
  401: { description: 'Missing, unknown or revoked API key' },
  403: { description: 'The key’s role is too weak' },
} as const;

type Spec = Omit<RouteConfig, 'responses' | 'middleware' | 'security'> & { role: Role; responses: RouteConfig['responses'] };

export function adminRoute<const S extends Spec>(spec: S) {
  const { role, responses, ...rest } = spec;
  const middleware: MiddlewareHandler<AdminEnv>[] = [requireRole(role)];
  return createRoute({
    ...rest,
    middleware,
    security: [{ bearer: [] }],
    'x-baken-role': role,
    description: `${rest.description ?? ''}\n\nRequires the **${role}** role.`.trim(),
    responses: { ...ERROR_RESPONSES, ...responses },
  } as unknown as Omit<S, 'role'> & { middleware: MiddlewareHandler<AdminEnv>[] });
}

/** Path parameter `:id`: a positive integer. */
export const IdParams = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });

/** A service in a request body: its numeric id or its slug. */
export const ServiceRef = z.union([z.int().positive(), z.string().min(1).max(100)]).openapi({ description: 'Service id or slug', example: 'webhosting' });

/** Backfill: the write is recorded as having happened at this ISO time (admins only). */
export const At = z.iso.datetime({ offset: true }).optional().openapi({ description: 'Backfill: record this write as having happened at this time (admin only; not in the future; not before the previous event).' });

export function jsonBody<T extends z.ZodType>(schema: T) {
  return { body: { content: { 'application/json': { schema } }, required: true } };
}
