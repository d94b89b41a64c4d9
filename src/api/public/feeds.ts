import { Hono } from 'hono';
import type { AppContext } from '../../services/context.ts';

export function feedRoutes(ctx: AppContext): Hono {
  void ctx;
  return new Hono();
}
