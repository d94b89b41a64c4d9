// Every admin write goes through here: one transaction holding the change, its audit record and
// (when it must be announced) its outbox event; then the public cache is invalidated, so the next
// request shows the change.
import type { Db } from '../../../db/client.ts';
import { auditLog, outboxEvents } from '../../../db/schema.ts';
import { ApiError } from '../../lib/http-error.ts';
import { parseTime } from '../../lib/time.ts';
import type { Actor } from './api-keys.ts';
import type { AppContext } from './context.ts';
import type { OutboxEvent } from './outbox-events.ts';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The time a write is recorded at: the server clock, or a backfilled `at` (admins only). */
export interface WriteTime {
  at: number;
  backfilled: boolean;
}

export interface WriteInput {
  actor: Actor;
  /** Backfill: ISO time the write is recorded as having happened at. */
  at?: string | undefined;
}

/**
 * Resolves the write time. A backfilled `at` must come from an admin, must not be in the future,
 * and must not be before `notBefore` (the previous event of the same incident or maintenance).
 */
export function writeTime(ctx: AppContext, input: WriteInput, notBefore?: number | null): WriteTime {
  const now = ctx.clock();
  if (input.at === undefined) return { at: now, backfilled: false };
  if (input.actor.role !== 'admin') throw new ApiError('forbidden', 'Only admin keys may backfill with `at`.');
  const at = parseTime(input.at, 'at');
  if (at > now) throw new ApiError('at_in_future', '`at` must not be in the future.', { field: 'at', at: input.at, now: new Date(now).toISOString() });
  if (notBefore != null && at < notBefore) {
    throw new ApiError('at_out_of_order', '`at` must not be before the previous event of this record.', { field: 'at', previous: new Date(notBefore).toISOString() });
  }
  return { at, backfilled: true };
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: number | null;
  before?: unknown;
  after?: unknown;
}

/** An announcement: a typed event (kind + payload, kernel/outbox-events.ts) and whom it concerns. */
export type OutboxEntry = OutboxEvent & {
  entityType: string;
  entityId: number;
  serviceIds: number[];
  notify: boolean;
};

/** The one way an event enters the outbox (write() scopes, subscriptions, the reminder). */
export function insertOutboxEvent(conn: Pick<Db, 'insert'>, entry: OutboxEntry, createdAt: number): void {
  conn.insert(outboxEvents).values({ ...entry, createdAt }).run();
}

export interface WriteScope {
  tx: Tx;
  time: WriteTime;
  audit: (entry: AuditEntry) => void;
  announce: (entry: OutboxEntry) => void;
}

export function write<T>(ctx: AppContext, actor: Actor, time: WriteTime, fn: (scope: WriteScope) => T): T {
  const serverNow = ctx.clock();
  const result = ctx.db.transaction((tx) =>
    fn({
      tx,
      time,
      audit: (e) =>
        tx
          .insert(auditLog)
          .values({
            at: serverNow,
            effectiveAt: time.at,
            actorKeyId: actor.keyId,
            actorName: actor.name,
            action: e.action,
            entityType: e.entityType,
            entityId: e.entityId,
            before: e.before ?? null,
            after: e.after ?? null,
            backfilled: time.backfilled,
          })
          .run(),
      announce: (e) => insertOutboxEvent(tx, e, time.at),
    }),
  );
  ctx.cache.invalidate();
  return result;
}
