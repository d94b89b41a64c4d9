import type { AppContext } from '../../services/context.ts';
import { adminApp } from './openapi.ts';

export function deliveryRoutes(ctx: AppContext) {
  const app = adminApp();
  void ctx;
  return app;
}
