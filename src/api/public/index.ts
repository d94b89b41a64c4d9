// Public, unauthenticated JSON: Statuspage-compatible /api/v2/* and Baken's own /api/uptime.json.
import { Hono, type MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppContext } from '../../services/kernel/context.ts';
import { statuspageRoutes } from './statuspage/routes.ts';
import { uptimeRoutes } from './uptime.ts';

/**
 * The server keeps its own response cache (invalidated on every write, PRAGMA data_version for
 * other connections), so clients and proxies must revalidate rather than keep a stale status.
 */
const noCache: MiddlewareHandler = async (c, next) => {
  await next();
  c.header('cache-control', 'no-cache');
};

export function publicApi(ctx: AppContext): Hono {
  const app = new Hono();
  // Status widgets on other sites read these cross-origin; nothing here is private or uses cookies.
  const publicJson = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] });
  for (const path of ['/v2/*', '/uptime.json']) app.use(path, publicJson, noCache);
  app.route('/', statuspageRoutes(ctx));
  app.route('/', uptimeRoutes(ctx));
  return app;
}
