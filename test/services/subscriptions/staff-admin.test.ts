// What staff see of subscribers: the audience of each service, who a maintenance window will email
// (the same rows the outbox worker then creates), the search by address, and removal.
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { CLI_ACTOR } from '../../../src/cli/common.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { expandStep } from '../../../src/services/mail/outbox-worker.ts';
import { createMaintenance } from '../../../src/services/maintenance/commands.ts';
import { audiences, removeSubscriber, searchSubscribers } from '../../../src/services/subscriptions/admin.ts';
import { recipientsFor } from '../../../src/services/subscriptions/recipients.ts';
import { makeService } from '../../support/factories.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');

function world() {
  const db = createDb(':memory:');
  const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => NOW });
  const web = makeService(db, { slug: 'web', name: 'Web hosting' });
  const mail = makeService(db, { slug: 'mail', name: 'Webmail' });
  const add = (email: string, o: { all?: boolean; services?: number[]; confirmed?: boolean; unsubscribed?: boolean; suppressed?: boolean } = {}) => {
    const id = Number(
      db.$client
        .prepare('INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, unsubscribed_at, suppressed_at, updated_at) VALUES (?, ?, ?, 0, ?, ?, ?, 0)')
        .run(email, 'en', o.all === false ? 0 : 1, o.confirmed === false ? null : 1, o.unsubscribed ? 1 : null, o.suppressed ? 1 : null).lastInsertRowid,
    );
    for (const s of o.services ?? []) db.$client.prepare('INSERT INTO subscriber_services (subscriber_id, service_id) VALUES (?, ?)').run(id, s);
    return id;
  };
  const ids = {
    all: add('all@example.org'),
    webOnly: add('web_only@example.org', { all: false, services: [web] }),
    mailOnly: add('mail@example.org', { all: false, services: [mail] }),
    pending: add('pending@example.org', { confirmed: false }),
    gone: add('gone@example.org', { unsubscribed: true }),
    bounced: add('bounced@other.test', { suppressed: true }),
    percent: add('100%real@other.test'),
  };
  return { db, ctx, web, mail, ids };
}

describe('subscribers for staff', () => {
  it('counts the audience of each service: everyone following all, plus those who chose it', () => {
    const w = world();
    expect(audiences(w.db)).toEqual({
      allServices: 2,
      services: [
        { id: w.web, name: 'Web hosting', specific: 1, total: 3 },
        { id: w.mail, name: 'Webmail', specific: 1, total: 3 },
      ],
    });
  });

  it('names exactly the subscribers the outbox worker then emails', () => {
    const w = world();
    expect(recipientsFor(w.db, [w.web])).toEqual({ count: 3, emails: ['100%real@other.test', 'all@example.org', 'web_only@example.org'] });
    expect(recipientsFor(w.db, [w.web], 1)).toEqual({ count: 3, emails: ['100%real@other.test'] });
    const m = createMaintenance(w.ctx, CLI_ACTOR, { title: 'Upgrade', message: 'Short breaks.', services: [w.web], scheduledStart: new Date(NOW + 3_600_000).toISOString(), scheduledEnd: new Date(NOW + 7_200_000).toISOString() });
    while (expandStep(w.ctx)) {}
    const emailed = w.db.$client.prepare('SELECT s.email FROM deliveries d JOIN subscribers s ON s.id = d.subscriber_id JOIN outbox_events e ON e.id = d.event_id WHERE e.entity_id = ? ORDER BY s.email').all(m.id);
    expect(emailed.map((r: any) => r.email)).toEqual(recipientsFor(w.db, [w.web]).emails);
  });

  it('searches by part of the address, taking % and _ literally', () => {
    const w = world();
    expect(searchSubscribers(w.db, 'EXAMPLE.org').map((f) => [f.subscriber.email, f.state, f.services])).toEqual([
      ['all@example.org', 'active', []],
      ['gone@example.org', 'unsubscribed', []],
      ['mail@example.org', 'active', ['Webmail']],
      ['pending@example.org', 'pending', []],
      ['web_only@example.org', 'active', ['Web hosting']],
    ]);
    expect(searchSubscribers(w.db, '%').map((f) => f.subscriber.email)).toEqual(['100%real@other.test']);
    expect(searchSubscribers(w.db, 'b_only').map((f) => f.subscriber.email)).toEqual(['web_only@example.org']);
    expect(searchSubscribers(w.db, 'b?only')).toEqual([]);
    expect(searchSubscribers(w.db, '  ')).toEqual([]);
  });

  it('removes an address: no more emails, audited with who did it; twice changes nothing', () => {
    const w = world();
    const staff = { kind: 'user' as const, keyId: null, userId: 3, name: 'ops@example.com', role: 'admin' as const };
    expect(removeSubscriber(w.ctx, staff, w.ids.all).unsubscribedAt).toBe(NOW);
    removeSubscriber(w.ctx, staff, w.ids.all);
    expect(recipientsFor(w.db, [w.web]).emails).toEqual(['100%real@other.test', 'web_only@example.org']);
    expect(w.db.$client.prepare('SELECT action, entity_type, entity_id, actor_name, actor_key_id FROM audit_log').all()).toEqual([
      { action: 'subscriber.remove', entity_type: 'subscriber', entity_id: w.ids.all, actor_name: 'ops@example.com', actor_key_id: null },
    ]);
    expect(() => removeSubscriber(w.ctx, staff, 999)).toThrow(expect.objectContaining({ code: 'not_found' }));
  });
});
