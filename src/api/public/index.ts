import { Hono } from 'hono';
import type { AppContext } from '../../services/context.ts';

/** Public, unauthenticated JSON: Statuspage-compatible /api/v2/* and Baken's own /api/uptime.json. */
export function publicApi(ctx: AppContext): Hono {
  const app = new Hono();
  void ctx;
  return app;
}
