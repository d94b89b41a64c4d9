// Email delivery as staff see it (admin API and console): per announcement how many emails are
// pending, sent, failed and skipped (the subscriber left before sending), and the deliveries in
// one state with Resend's reason.
import type { AppContext } from '../kernel/context.ts';

export const DELIVERY_STATES = ['pending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

// Skipped rows are stored as failed with a `skipped: …` reason (see outbox-worker.ts).
const STATE_SQL = `CASE WHEN d.state = 'failed' AND d.last_error LIKE 'skipped:%' THEN 'skipped' ELSE d.state END`;

export interface DeliveryRow {
  id: number;
  eventId: number;
  type: string;
  subscriberId: number;
  email: string;
  state: DeliveryState;
  attempts: number;
  lastError: string | null;
  resendId: string | null;
  createdAt: number;
  sentAt: number | null;
  nextAttemptAt: number;
}

export interface EventCounts {
  eventId: number;
  type: string;
  createdAt: number;
  /** Its deliveries are all created (the event was expanded to its subscribers). */
  expanded: boolean;
  pending: number;
  sent: number;
  failed: number;
  skipped: number;
}

interface CountRow {
  eventId: number;
  type: string;
  createdAt: number;
  processedAt: number | null;
  bucket: DeliveryState | null;
  n: number;
}

/** The deliveries in one state, newest first. */
export function deliveriesInState(ctx: AppContext, q: { state: DeliveryState; eventId?: number | undefined; before?: number | undefined; limit: number }): DeliveryRow[] {
  return ctx.db.$client
    .prepare(
      `SELECT d.id, d.event_id AS "eventId", e.type, d.subscriber_id AS "subscriberId", COALESCE(d.to_email, s.email) AS email, ${STATE_SQL} AS state,
              d.attempts, d.last_error AS "lastError", d.resend_id AS "resendId", d.created_at AS "createdAt", d.sent_at AS "sentAt", d.next_attempt_at AS "nextAttemptAt"
         FROM deliveries d JOIN outbox_events e ON e.id = d.event_id JOIN subscribers s ON s.id = d.subscriber_id
        WHERE d.state = ? AND ${STATE_SQL} = ? AND (CAST(? AS BIGINT) IS NULL OR d.event_id = ?) AND (CAST(? AS BIGINT) IS NULL OR d.id < ?)
        ORDER BY d.id DESC LIMIT ?`,
    )
    .all(q.state === 'skipped' ? 'failed' : q.state, q.state, q.eventId ?? null, q.eventId ?? null, q.before ?? null, q.before ?? null, q.limit) as DeliveryRow[];
}

/** Announcements that were meant to be emailed, newest first, each with its counts. */
export function deliveryCounts(ctx: AppContext, q: { eventId?: number | undefined; before?: number | undefined; limit: number }): EventCounts[] {
  const rows = ctx.db.$client
    .prepare(
      `SELECT e.id AS "eventId", e.type, e.created_at AS "createdAt", e.processed_at AS "processedAt", ${STATE_SQL} AS bucket, COUNT(d.id) AS n
         FROM (SELECT * FROM outbox_events WHERE notify = 1 AND (CAST(? AS BIGINT) IS NULL OR id = ?) AND (CAST(? AS BIGINT) IS NULL OR id < ?) ORDER BY id DESC LIMIT ?) e
         LEFT JOIN deliveries d ON d.event_id = e.id
        GROUP BY e.id, e.type, e.created_at, e.processed_at, bucket ORDER BY e.id DESC`,
    )
    .all(q.eventId ?? null, q.eventId ?? null, q.before ?? null, q.before ?? null, q.limit) as CountRow[];
  const events = new Map<number, EventCounts>();
  for (const r of rows) {
    const e = events.get(r.eventId) ?? { eventId: r.eventId, type: r.type, createdAt: r.createdAt, expanded: r.processedAt !== null, pending: 0, sent: 0, failed: 0, skipped: 0 };
    if (r.bucket) e[r.bucket] += r.n;
    events.set(r.eventId, e);
  }
  return [...events.values()];
}
