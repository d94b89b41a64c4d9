// Who is emailed about an announcement concerning some services: confirmed subscribers who did not
// leave or bounce, following every service or one of these. The outbox worker expands events with
// the same condition (recipientSql), so "who will be emailed" in the console is who will be.
import type { Db, Engine } from '../../../db/client.ts';
import { jsonIntegers } from '../../../db/dialect.ts';

/** SQL over `subscribers s`, with the service ids as a JSON array in @services. */
export const recipientSql = (engine: Engine): string => `s.confirmed_at IS NOT NULL AND s.unsubscribed_at IS NULL AND s.suppressed_at IS NULL
         AND (s.all_services = 1 OR EXISTS (SELECT 1 FROM subscriber_services ss WHERE ss.subscriber_id = s.id AND ss.service_id IN (${jsonIntegers(engine, '@services')})))`;

export interface Recipients {
  count: number;
  /** The first `limit` addresses, alphabetically. */
  emails: string[];
}

export function recipientsFor(db: Db, serviceIds: readonly number[], limit = 100): Recipients {
  const services = JSON.stringify([...serviceIds]);
  const count = (db.$client.prepare(`SELECT COUNT(*) AS n FROM subscribers s WHERE ${recipientSql(db.engine)}`).get({ services }) as { n: number }).n;
  const emails = (db.$client.prepare(`SELECT s.email FROM subscribers s WHERE ${recipientSql(db.engine)} ORDER BY s.email LIMIT @limit`).all({ services, limit }) as { email: string }[]).map((r) => r.email);
  return { count, emails };
}
