// The audit log: every admin write, newest first, filterable by entity.
import { listAudit } from '../../services/kernel/audit.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { adminApp, adminRoute, z } from './openapi.ts';
import { ok, AuditPage } from './responses.ts';
import { iso } from './serialize.ts';

const AuditQuery = z.strictObject({
  entityType: z.string().max(40).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional().openapi({ description: 'Cursor: entries with a smaller id' }),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export function auditRoutes(ctx: AppContext) {
  return adminApp().openapi(
    adminRoute({ operationId: 'readAudit', method: 'get', path: '/audit', role: 'viewer', summary: 'Read the audit log', request: { query: AuditQuery }, responses: { 200: ok('Audit entries, newest first', AuditPage) } }),
    (c) => {
      const q = c.req.valid('query');
      const rows = listAudit(ctx.db, q);
      return c.json(
        {
          entries: rows.map((r) => ({ ...r, at: iso(r.at), effectiveAt: iso(r.effectiveAt) })),
          nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
        },
        200,
      );
    },
  );
}
