// Bearer-key authentication for every /api/admin route (the OpenAPI document and the reference page
// excepted: they describe the API and reveal no data), and the role guard each route declares.
import type { MiddlewareHandler } from 'hono';
import { ApiError } from '../../lib/http-error.ts';
import { authenticateToken, roleAllows, type Actor, type Role } from '../../services/kernel/api-keys.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { clientKey, RateLimiter, type RateLimit } from '../../services/kernel/rate-limit.ts';

export type AdminEnv = { Variables: { actor: Actor } };

const PUBLIC_PATHS = new Set(['/api/admin/openapi.json', '/api/admin/docs']);

/**
 * Bad keys per client address before it is refused. Keys are 256-bit random, so guessing is hopeless
 * anyway; the limit keeps a key-guessing script from costing a hash and a query per request and from
 * flooding the log. A person mistyping a key is nowhere near it.
 */
export const BAD_KEY_LIMIT: RateLimit = { limit: 10, windowMs: 5 * 60_000 };

const badKeys = new WeakMap<AppContext, RateLimiter>();

export function authenticate(ctx: AppContext): MiddlewareHandler<AdminEnv> {
  let limiter = badKeys.get(ctx);
  if (!limiter) badKeys.set(ctx, (limiter = new RateLimiter(ctx.db, 'admin.bad-key', BAD_KEY_LIMIT)));
  return async (c, next) => {
    if (PUBLIC_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization') ?? '';
    // No header at all guesses nothing, so only a presented key counts against the address.
    if (header === '') throw new ApiError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
    const client = clientKey(c.req.raw, ctx.config.trustProxy);
    const now = ctx.clock();
    // Refused before the key is even looked at: while an address is over the limit, a right guess
    // must look the same as a wrong one.
    const blocked = limiter.peek(client, now);
    if (!blocked.ok) {
      c.header('retry-after', String(blocked.retryAfterSeconds));
      throw new ApiError('rate_limited', 'Too many requests with a bad API key from this address. Try again later.', { retryAfterSeconds: blocked.retryAfterSeconds });
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = match ? authenticateToken(ctx.db, match[1]!, ctx.config.adminToken, now) : undefined;
    if (!actor) {
      limiter.take(client, now);
      const nowBlocked = limiter.peek(client, now);
      // Never the key itself (nor its prefix): a log line must not hand out a near-valid key.
      console.warn(
        `Admin API: ${match ? 'unknown or revoked API key' : 'malformed Authorization header'} from ${client} on ${c.req.method} ${c.req.path}` +
          (nowBlocked.ok ? '' : `; refusing keys from ${client} for ${nowBlocked.retryAfterSeconds} s`),
      );
      throw match ? new ApiError('unauthorized', 'The API key is unknown or revoked.') : new ApiError('unauthorized', 'Send an API key as `Authorization: Bearer <key>`.');
    }
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
