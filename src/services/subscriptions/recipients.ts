// Who is emailed about an announcement concerning some services: confirmed subscribers who did not
// leave or bounce, following every service or one of these. The outbox worker expands events with
// the same condition (RECIPIENT_SQL), so "who will be emailed" in the console is who will be.
import type { Db } from '../../../db/client.ts';

/** SQL over `subscribers s`, with the service ids as a JSON array in @services. */
export const RECIPIENT_SQL = `s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL AND s.suppressed_at IS NULL
         AND (s.all_services = 1 OR EXISTS (SELECT 1 FROM subscriber_services ss WHERE ss.subscriber_id = s.id AND ss.service_id IN (SELECT value FROM json_each(@services))))`;

export interface Recipients {
  count: number;
  /** The first `limit` addresses, alphabetically. */
  emails: string[];
}

export function recipientsFor(db: Db, serviceIds: readonly number[], limit = 100): Recipients {
  const services = JSON.stringify([...serviceIds]);
  const count = (db.$client.prepare(`SELECT COUNT(*) AS n FROM subscribers s WHERE ${RECIPIENT_SQL}`).get({ services }) as { n: number }).n;
  const emails = (db.$client.prepare(`SELECT s.email FROM subscribers s WHERE ${RECIPIENT_SQL} ORDER BY s.email LIMIT @limit`).all({ services, limit }) as { email: string }[]).map((r) => r.email);
  return { count, emails };
}
