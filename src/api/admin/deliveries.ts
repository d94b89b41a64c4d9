// Email delivery, as staff see it: per announcement how many emails are pending, sent, failed (and
// skipped because the subscriber left before sending), the failures with Resend's reason, and the
// dev mailbox when no RESEND_API_KEY is configured.
import type { AppContext } from '../../services/kernel/context.ts';
import { deliveriesInState, deliveryCounts, DELIVERY_STATES } from '../../services/mail/deliveries.ts';
import { listMailbox, mailboxDirFor } from '../../services/mail/mailer.ts';
import { adminApp, adminRoute, z } from './openapi.ts';
import { ok, DeliveriesAnswer, Mailbox } from './responses.ts';
import { iso } from './serialize.ts';

const DeliveriesQuery = z.strictObject({
  state: z.enum(DELIVERY_STATES).optional().openapi({ description: 'List the deliveries in this state (with their last error) instead of counts per event' }),
  eventId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional().openapi({ description: 'Cursor: events (or deliveries, with `state`) with a smaller id' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const MailboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export function deliveryRoutes(ctx: AppContext) {
  return adminApp()
    .openapi(
      adminRoute({
        operationId: 'listDeliveries', method: 'get',
        path: '/deliveries',
        role: 'viewer',
        summary: 'Email deliveries: counts per announcement, or the deliveries in one state',
        request: { query: DeliveriesQuery },
        responses: { 200: ok('`{ events: [{ eventId, type, createdAt, pending, sent, failed, skipped }] }`, or `{ deliveries: […] }` with `state`', DeliveriesAnswer) },
      }),
      (c) => {
        const q = c.req.valid('query');
        if (q.state) {
          const rows = deliveriesInState(ctx, { ...q, state: q.state });
          const deliveries = rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), sentAt: iso(r.sentAt), nextAttemptAt: r.state === 'pending' ? iso(r.nextAttemptAt) : null }));
          return c.json({ deliveries, nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null }, 200);
        }
        const list = deliveryCounts(ctx, q).map((e) => ({ ...e, createdAt: iso(e.createdAt) }));
        return c.json({ events: list, nextBefore: list.length === q.limit ? list[list.length - 1]!.eventId : null }, 200);
      },
    )
    .openapi(
      adminRoute({
        operationId: 'readMailbox', method: 'get',
        path: '/mailbox',
        role: 'viewer',
        summary: 'The dev mailbox: emails written to files because no RESEND_API_KEY is set',
        request: { query: MailboxQuery },
        responses: { 200: ok('Newest first', Mailbox) },
      }),
      async (c) => {
        const { limit } = c.req.valid('query');
        const dir = mailboxDirFor(ctx.config);
        const active = !ctx.config.resendApiKey;
        return c.json({ active, dir, emails: await listMailbox(dir, limit) }, 200);
      },
    );
}
