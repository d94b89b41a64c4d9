// The API is built, never started, here: tests call createApi(ctx).request() on a fresh database,
// and src/fetch.ts mounts the same app in front of Astro.
import { Hono } from 'hono';
import type { AppContext } from '../services/context.ts';
import { handleError, notFoundJson } from './errors.ts';
import { adminApi } from './admin/index.ts';
import { publicApi } from './public/index.ts';

export function createApi(ctx: AppContext): Hono {
  const app = new Hono();
  app.route('/api/admin', adminApi(ctx));
  app.route('/api', publicApi(ctx));
  // Anything else under /api is a JSON 404, never an HTML page.
  app.all('/api/*', notFoundJson);
  app.all('/api', notFoundJson);
  app.onError(handleError);
  return app;
}
