// Subscribers as staff see them: how many confirmed subscribers each service's announcements reach,
// a search by address, and removing an address (on a person's request, or after a complaint by
// other means). Removing is an unsubscribe made by staff, audited with who did it: every email stops
// at once (rows not yet in a sent batch are skipped, see outbox-worker.ts), the delivery history
// keeps adding up, and the person can subscribe again through the double opt-in.
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../db/client.ts';
import { subscriberServices, subscribers } from '../../../db/schema.ts';
import { ApiError } from '../../lib/http-error.ts';
import { listActiveServices } from '../catalog/lookup.ts';
import type { Actor } from '../kernel/api-keys.ts';
import type { AppContext } from '../kernel/context.ts';
import { write } from '../kernel/write.ts';
import { subscriberState, type SubscriberRow, type SubscriberState } from './subscriptions.ts';

const ACTIVE = sql`${subscribers.confirmedAt} IS NOT NULL AND ${subscribers.unsubscribedAt} IS NULL AND ${subscribers.suppressedAt} IS NULL`;

export interface ServiceAudience {
  id: number;
  name: string;
  /** Confirmed subscribers who chose this service. */
  specific: number;
  /** Everyone emailed about it: those plus the ones following every service. */
  total: number;
}

export function audiences(db: Db): { allServices: number; services: ServiceAudience[] } {
  const allServices = db.select({ n: sql<number>`COUNT(*)` }).from(subscribers).where(and(ACTIVE, eq(subscribers.allServices, true))).get()?.n ?? 0;
  const specific = new Map(
    db
      .select({ serviceId: subscriberServices.serviceId, n: sql<number>`COUNT(*)` })
      .from(subscriberServices)
      .innerJoin(subscribers, eq(subscribers.id, subscriberServices.subscriberId))
      .where(and(ACTIVE, eq(subscribers.allServices, false)))
      .groupBy(subscriberServices.serviceId)
      .all()
      .map((r) => [r.serviceId, r.n]),
  );
  const services = listActiveServices(db).map((s) => ({ id: s.id, name: s.name, specific: specific.get(s.id) ?? 0, total: allServices + (specific.get(s.id) ?? 0) }));
  return { allServices, services };
}

export interface FoundSubscriber {
  subscriber: SubscriberRow;
  state: SubscriberState;
  /** Names of the chosen services; empty when following every service. */
  services: string[];
}

/** Subscribers whose address contains `query` (case-insensitive, % and _ taken literally), by address. */
export function searchSubscribers(db: Db, query: string, limit = 50): FoundSubscriber[] {
  const q = query.trim().toLowerCase().slice(0, 254);
  if (q === '') return [];
  const pattern = `%${q.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
  const rows = db
    .select()
    .from(subscribers)
    .where(sql`lower(${subscribers.email}) LIKE ${pattern} ESCAPE '\\'`)
    .orderBy(asc(subscribers.email))
    .limit(limit)
    .all();
  const names = new Map(listActiveServices(db).map((s) => [s.id, s.name]));
  return rows.map((subscriber) => {
    const chosen = subscriber.allServices ? [] : db.select({ id: subscriberServices.serviceId }).from(subscriberServices).where(eq(subscriberServices.subscriberId, subscriber.id)).all();
    return { subscriber, state: subscriberState(subscriber), services: chosen.map((c) => names.get(c.id)).filter((n): n is string => n !== undefined) };
  });
}

export function removeSubscriber(ctx: AppContext, actor: Actor, id: number): SubscriberRow {
  const now = ctx.clock();
  return write(ctx, actor, { at: now, backfilled: false }, ({ tx, audit }) => {
    const before = tx.select().from(subscribers).where(eq(subscribers.id, id)).get();
    if (!before) throw new ApiError('not_found', `No subscriber ${id}.`);
    if (before.unsubscribedAt !== null) return before;
    const after = tx.update(subscribers).set({ unsubscribedAt: now, updatedAt: now }).where(and(eq(subscribers.id, id), isNull(subscribers.unsubscribedAt))).returning().get()!;
    audit({ action: 'subscriber.remove', entityType: 'subscriber', entityId: id, before: { email: before.email, unsubscribedAt: null }, after: { email: after.email, unsubscribedAt: now } });
    return after;
  });
}

