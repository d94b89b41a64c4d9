import { Hono } from 'hono';
import type { AppContext } from '../../services/context.ts';

export function subscriptionRoutes(ctx: AppContext): Hono {
  void ctx;
  return new Hono();
}
