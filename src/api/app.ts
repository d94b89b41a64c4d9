// The API is built, never started, here: tests call createApi(ctx).request() on a fresh database,
// and src/fetch.ts mounts the same app in front of Astro.
import { Hono } from 'hono';
import type { AppContext } from '../services/kernel/context.ts';
import { handleError, notFoundJson } from './errors.ts';
import { adminApi } from './admin/index.ts';
import { badgeRoutes } from './public/badges.ts';
import { feedRoutes } from './public/feeds.ts';
import { publicApi } from './public/index.ts';
import { reportFileRoutes } from './public/report-files.ts';
import { siteFileRoutes } from './public/site-files.ts';
import { subscriptionRoutes } from './public/subscriptions.ts';
import { webhookRoutes } from './public/webhooks.ts';

export function createApi(ctx: AppContext): Hono {
  const app = new Hono();
  app.route('/api/admin', adminApi(ctx));
  app.route('/api', publicApi(ctx));
  app.route('/api', subscriptionRoutes(ctx));
  app.route('/api', webhookRoutes(ctx));
  // Files outside /api: feeds (/feed.rss, /en/feed.atom, /services/<slug>/feed.json, /maintenance.ics)
  // and report downloads (/reports/<period>.json|csv).
  app.route('/', feedRoutes(ctx));
  app.route('/', reportFileRoutes(ctx));
  // SVG badges (/badge/status.svg, /badge/<slug>/status.svg, /badge/<slug>/uptime.svg).
  app.route('/', badgeRoutes(ctx));
  // /robots.txt and /sitemap.xml.
  app.route('/', siteFileRoutes(ctx));
  // Anything else under /api is a JSON 404, never an HTML page.
  app.all('/api/*', notFoundJson);
  app.all('/api', notFoundJson);
  app.onError(handleError);
  return app;
}
