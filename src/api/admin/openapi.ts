// Route definitions for the admin API: each declares its minimum role, which becomes both the
// guard middleware and an `x-baken-role` entry in the OpenAPI document (the route table the auth
// tests enumerate). Validation failures all answer with the project's error shape.
import { createRoute, OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi';
import type { Hook } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { ERROR_CODES, errorBody, fieldIssues } from '../../lib/http-error.ts';
import type { Role } from '../../services/kernel/api-keys.ts';
import { requireRole, type AdminEnv } from './auth.ts';

export { z };

// zod's issue list is the details: path, code and message for each problem.
export const validationHook: Hook<unknown, AdminEnv, string, unknown> = (result, c) => {
  if (!result.success) {
        return c.json(errorBody('invalid_request', 'The request is not valid.', fieldIssues(result.error.issues)), 400);
  }
};

export function adminApp(): OpenAPIHono<AdminEnv> {
  return new OpenAPIHono<AdminEnv>({ defaultHook: validationHook });
}

// Every error answer has this shape; `code` is one of the closed list in lib/http-error.ts.
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z
        .union([z.array(z.object({ path: z.string(), code: z.string(), message: z.string(), slugs: z.array(z.string()).optional() })), z.record(z.string(), z.unknown())])
        .optional()
        .openapi({ description: 'Field issues (validation) or facts about a refused change' }),
    }),
  })
  .openapi('Error');

const errorContent = { content: { 'application/json': { schema: ErrorSchema } } };
const error = (description: string) => ({ description, ...errorContent });

type Spec = Omit<RouteConfig, 'responses' | 'middleware' | 'security'> & { role: Role; operationId: string; responses: RouteConfig['responses'] };

/**
 * A route with its role guard and every answer the server can give it in the document: the
 * route's own (an error response it declares gets the error schema), and those every route shares:
 * 401/403 (the key), 429 (too many bad keys from one address), 400 where there is input to refuse,
 * 404 where a path names a record, 413/415 where a JSON body is read.
 */
export function adminRoute<const S extends Spec>(spec: S) {
  const { role, responses, ...rest } = spec;
  const middleware: MiddlewareHandler<AdminEnv>[] = [requireRole(role)];
  const request = rest.request;
  const shared: RouteConfig['responses'] = {
    401: error('unauthorized: missing, unknown or revoked API key'),
    403: error('forbidden: the key’s role is too weak'),
    429: error('rate_limited: too many requests with a bad API key from this address'),
  };
  if (request?.params || request?.query || request?.body) shared[400] = error('invalid_request, invalid_json, duplicate_service: the request is not valid');
  if (rest.path.includes('{id}')) shared[404] = error('not_found');
  if (request?.body) {
    shared[413] = error('payload_too_large: the body is over the limit');
    shared[415] = error('unsupported_media_type: the body is not application/json');
  }
  const own = Object.fromEntries(Object.entries(responses).map(([status, r]) => [status, Number(status) >= 400 && !('content' in r && r.content) ? error(('description' in r && r.description) || '') : r]));
  return createRoute({
    ...rest,
    middleware,
    security: [{ bearer: [] }],
    'x-baken-role': role,
    description: `${rest.description ?? ''}\n\nRequires the **${role}** role.`.trim(),
    responses: { ...shared, ...own },
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
