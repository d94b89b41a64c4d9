// The mail tests' world: the admin-API world (fresh :memory: database, movable clock, real app),
// a fake Resend over real HTTP, a mailer on the real Resend SDK pointed at it, and subscribers
// inserted directly.
import { afterEach } from 'vitest';
import type { Db } from '../../../db/client.ts';
import { createMailer, type Mailer } from '../../../src/services/mail/mailer.ts';
import { adminWorld, type AdminWorld } from '../../support/admin.ts';
import { startFakeResend, type FakeResend, type FakeResendOptions } from '../../support/fake-resend.ts';

export interface MailWorld extends AdminWorld {
  fake: FakeResend;
  mailer: Mailer;
}

const open: FakeResend[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((f) => f.close()));
});

export async function mailWorld(fakeOptions: FakeResendOptions = {}): Promise<MailWorld> {
  const w = adminWorld();
  const fake = await startFakeResend({ apiKey: 're_test', ...fakeOptions });
  open.push(fake);
  const mailer = createMailer({ ...w.ctx.config, resendApiKey: 're_test', resendBaseUrl: fake.url }, { clock: w.ctx.clock });
  return { ...w, fake, mailer };
}

export interface SubscriberSpec {
  count?: number;
  /** Address prefix: `<prefix><n>@example.test`. */
  prefix?: string;
  locale?: 'nl' | 'en';
  confirmed?: boolean;
  unsubscribed?: boolean;
  suppressed?: boolean;
  /** Service ids; absent: all services. */
  services?: number[];
}

/** Inserts subscribers in one transaction; returns their ids. */
export function addSubscribers(db: Db, s: SubscriberSpec = {}): number[] {
  const sqlite = db.$client;
  const insert = sqlite.prepare(
    `INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, unsubscribed_at, suppressed_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, 0)`,
  );
  const link = sqlite.prepare('INSERT INTO subscriber_services (subscriber_id, service_id) VALUES (?, ?)');
  const ids: number[] = [];
  sqlite.transaction(() => {
    const start = (sqlite.prepare('SELECT COUNT(*) AS n FROM subscribers').get() as { n: number }).n;
    for (let i = 0; i < (s.count ?? 1); i++) {
      const email = `${s.prefix ?? 'sub'}${start + i}@example.test`;
      const id = Number(insert.run(email, s.locale ?? 'en', s.services ? 0 : 1, s.confirmed === false ? null : 1, s.unsubscribed ? 2 : null, s.suppressed ? 2 : null).lastInsertRowid);
      for (const service of s.services ?? []) link.run(id, service);
      ids.push(id);
    }
  })();
  return ids;
}

export function deliveryRows(db: Db) {
  return db.$client.prepare('SELECT * FROM deliveries ORDER BY id').all() as {
    id: number;
    event_id: number;
    subscriber_id: number;
    state: string;
    attempts: number;
    next_attempt_at: number;
    resend_id: string | null;
    last_error: string | null;
    batch_key: string | null;
    to_email: string | null;
    locale: string | null;
  }[];
}
