// Public, unauthenticated JSON: Statuspage-compatible /api/v2/* and Baken's own /api/uptime.json.
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppContext } from '../../services/kernel/context.ts';
import { publicCacheControl } from '../../services/kernel/response-cache.ts';
import { statuspageRoutes } from './statuspage/routes.ts';
import { uptimeRoutes } from './uptime.ts';

export function publicApi(ctx: AppContext): Hono {
  const app = new Hono();
  // Short freshness, then stale-while-revalidate and stale-if-error: what a CDN needs to ride out a
  // burst or an outage (the server's own cache in front of this sets the same header).
  const cacheControl = publicCacheControl(ctx.config);
  const publicCaching: MiddlewareHandler = async (c, next) => {
    await next();
    if (c.res.status === 200) c.header('cache-control', cacheControl);
  };
  // Status widgets on other sites read these cross-origin; nothing here is private or uses cookies.
  const publicJson = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] });
  for (const path of ['/v2/*', '/uptime.json']) app.use(path, publicJson, publicCaching);
  app.route('/', statuspageRoutes(ctx));
  app.route('/', uptimeRoutes(ctx));
  return app;
}
