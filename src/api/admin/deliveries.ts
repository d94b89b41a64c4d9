// Email delivery, as staff see it: per announcement how many emails are pending, sent, failed (and
// skipped because the subscriber left before sending), the failures with Resend's reason, and the
// dev mailbox when no RESEND_API_KEY is configured.
import type { AppContext } from '../../services/kernel/context.ts';
import { listMailbox, mailboxDirFor } from '../../services/mail/mailer.ts';
import { adminApp, adminRoute, z } from './openapi.ts';
import { iso } from './serialize.ts';

const STATES = ['pending', 'sent', 'failed', 'skipped'] as const;
type State = (typeof STATES)[number];

// Skipped rows are stored as failed with a `skipped: …` reason (see outbox-worker.ts).
const STATE_SQL = `CASE WHEN d.state = 'failed' AND d.last_error LIKE 'skipped:%' THEN 'skipped' ELSE d.state END`;

const DeliveriesQuery = z.strictObject({
  state: z.enum(STATES).optional().openapi({ description: 'List the deliveries in this state (with their last error) instead of counts per event' }),
  eventId: z.coerce.number().int().positive().optional(),
  before: z.coerce.number().int().positive().optional().openapi({ description: 'Cursor: events (or deliveries, with `state`) with a smaller id' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});

const MailboxQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

interface CountRow {
  eventId: number;
  type: string;
  createdAt: number;
  processedAt: number | null;
  bucket: State | null;
  n: number;
}

interface DeliveryRow {
  id: number;
  eventId: number;
  type: string;
  subscriberId: number;
  email: string;
  state: State;
  attempts: number;
  lastError: string | null;
  resendId: string | null;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number;
}

export function deliveryRoutes(ctx: AppContext) {
  const db = ctx.db.$client;
  return adminApp()
    .openapi(
      adminRoute({
        method: 'get',
        path: '/deliveries',
        role: 'viewer',
        summary: 'Email deliveries: counts per announcement, or the deliveries in one state',
        request: { query: DeliveriesQuery },
        responses: { 200: { description: '`{ events: [{ eventId, type, createdAt, pending, sent, failed, skipped }] }`, or `{ deliveries: […] }` with `state`' } },
      }),
      (c) => {
        const q = c.req.valid('query');
        if (q.state) {
          const rows = db
            .prepare(
              `SELECT d.id, d.event_id AS eventId, e.type, d.subscriber_id AS subscriberId, COALESCE(d.to_email, s.email) AS email, ${STATE_SQL} AS state,
                      d.attempts, d.last_error AS lastError, d.resend_id AS resendId, d.created_at AS createdAt, d.sent_at AS sentAt, d.next_attempt_at AS nextAttemptAt
                 FROM deliveries d JOIN outbox_events e ON e.id = d.event_id JOIN subscribers s ON s.id = d.subscriber_id
                WHERE d.state = ? AND ${STATE_SQL} = ? AND (? IS NULL OR d.event_id = ?) AND (? IS NULL OR d.id < ?)
                ORDER BY d.id DESC LIMIT ?`,
            )
            .all(q.state === 'skipped' ? 'failed' : q.state, q.state, q.eventId ?? null, q.eventId ?? null, q.before ?? null, q.before ?? null, q.limit) as DeliveryRow[];
          const deliveries = rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), sentAt: iso(r.sentAt), nextAttemptAt: r.state === 'pending' ? iso(r.nextAttemptAt) : null }));
          return c.json({ deliveries, nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null }, 200);
        }
        // Announcements that were meant to be emailed, newest first, each with its counts.
        const rows = db
          .prepare(
            `SELECT e.id AS eventId, e.type, e.created_at AS createdAt, e.processed_at AS processedAt, ${STATE_SQL} AS bucket, COUNT(d.id) AS n
               FROM (SELECT * FROM outbox_events WHERE notify = 1 AND (? IS NULL OR id = ?) AND (? IS NULL OR id < ?) ORDER BY id DESC LIMIT ?) e
               LEFT JOIN deliveries d ON d.event_id = e.id
              GROUP BY e.id, bucket ORDER BY e.id DESC`,
          )
          .all(q.eventId ?? null, q.eventId ?? null, q.before ?? null, q.before ?? null, q.limit) as CountRow[];
        const events = new Map<number, { eventId: number; type: string; createdAt: string; expanded: boolean; pending: number; sent: number; failed: number; skipped: number }>();
        for (const r of rows) {
          const e = events.get(r.eventId) ?? { eventId: r.eventId, type: r.type, createdAt: iso(r.createdAt), expanded: r.processedAt !== null, pending: 0, sent: 0, failed: 0, skipped: 0 };
          if (r.bucket) e[r.bucket] += r.n;
          events.set(r.eventId, e);
        }
        const list = [...events.values()];
        return c.json({ events: list, nextBefore: list.length === q.limit ? list[list.length - 1]!.eventId : null }, 200);
      },
    )
    .openapi(
      adminRoute({
        method: 'get',
        path: '/mailbox',
        role: 'viewer',
        summary: 'The dev mailbox: emails written to files because no RESEND_API_KEY is set',
        request: { query: MailboxQuery },
        responses: { 200: { description: 'Newest first' } },
      }),
      async (c) => {
        const { limit } = c.req.valid('query');
        const dir = mailboxDirFor(ctx.config);
        const active = !ctx.config.resendApiKey;
        return c.json({ active, dir, emails: await listMailbox(dir, limit) }, 200);
      },
    );
}
