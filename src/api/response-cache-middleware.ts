// Serves public GET responses (pages and public JSON) from the ResponseCache. Admin and
// subscription routes are never cached; only 200s are stored.
import type { MiddlewareHandler } from 'hono';
import type { AppContext } from '../services/kernel/context.ts';

const TTL_MS = 30_000;
// Admin, subscriber and webhook traffic is personal or a write; subscriber pages carry tokens; the
// staff console (/nl/admin, /en/admin, and /admin before its redirect) is per person.
const NEVER_CACHED = /^\/(admin|api\/(admin|subscriptions|webhooks)|(nl|en)\/(subscribe|unsubscribe|subscriptions|admin))(\/|$)/;

export function responseCache(ctx: AppContext): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || NEVER_CACHED.test(url.pathname)) return next();
    const key = url.pathname + url.search;
    const now = ctx.clock();
    const hit = ctx.cache.get(key, now);
    if (hit) {
      const headers = new Headers(hit.headers);
      headers.set('x-cache', 'HIT');
      return new Response(c.req.method === 'HEAD' ? null : hit.body, { status: hit.status, headers });
    }
    const generation = ctx.cache.currentGeneration;
    await next();
    if (c.res.status !== 200 || c.req.method !== 'GET') return;
    const body = await c.res.clone().arrayBuffer();
    const headers = [...c.res.headers.entries()].filter(([name]) => name !== 'set-cookie');
    ctx.cache.set(key, { status: 200, headers, body, expiresAt: now + TTL_MS }, generation);
    c.res.headers.set('x-cache', 'MISS');
  };
}
