import type { AppContext } from '../../services/context.ts';
import { adminApp } from './openapi.ts';

export function incidentRoutes(ctx: AppContext) {
  const app = adminApp();
  void ctx;
  return app;
}
