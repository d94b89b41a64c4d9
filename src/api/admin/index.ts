// /api/admin: authenticated staff API. One sub-app per resource; every route declares its role.
import { bodyLimit } from 'hono/body-limit';
import { errorBody } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { auditRoutes } from './audit.ts';
import { authenticate } from './auth.ts';
import { cacheRoutes } from './cache.ts';
import { deliveryRoutes } from './deliveries.ts';
import { registerDocs } from './docs.ts';
import { groupRoutes } from './groups.ts';
import { incidentRoutes } from './incidents.ts';
import { keyRoutes } from './keys.ts';
import { maintenanceRoutes } from './maintenances.ts';
import { adminApp } from './openapi.ts';
import { serviceRoutes } from './services.ts';
import { webhookRoutesAdmin } from './webhooks.ts';

export const MAX_BODY_BYTES = 256 * 1024;

export function adminApi(ctx: AppContext) {
  const app = adminApp();
  app.use('*', bodyLimit({ maxSize: MAX_BODY_BYTES, onError: (c) => c.json(errorBody('payload_too_large', `Request bodies are limited to ${MAX_BODY_BYTES} bytes.`), 413) }));
  app.use('*', authenticate(ctx));
  app.route('/', serviceRoutes(ctx));
  app.route('/', groupRoutes(ctx));
  app.route('/', incidentRoutes(ctx));
  app.route('/', maintenanceRoutes(ctx));
  app.route('/', keyRoutes(ctx));
  app.route('/', auditRoutes(ctx));
  app.route('/', deliveryRoutes(ctx));
  app.route('/', webhookRoutesAdmin(ctx));
  app.route('/', cacheRoutes(ctx));
  registerDocs(app);
  return app;
}
