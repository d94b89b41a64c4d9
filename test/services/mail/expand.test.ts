// Expansion: which subscribers an announcement reaches, in chunks, and never twice.
import { describe, expect, it } from 'vitest';
import { outboxEvents } from '../../../db/schema.ts';
import { drainOutbox, expandStep, freezeBatch } from '../../../src/services/mail/outbox-worker.ts';
import { addSubscribers, deliveryRows, mailWorld, type MailWorld } from './world.ts';

async function twoServices(w: MailWorld) {
  for (const slug of ['webmail', 'dns']) expect((await w.call('POST', '/api/admin/services', { name: slug, slug })).status).toBe(201);
  const ids = w.db.$client.prepare('SELECT id, slug FROM services').all() as { id: number; slug: string }[];
  return Object.fromEntries(ids.map((r) => [r.slug, r.id])) as { webmail: number; dns: number };
}

const incident = (service: string, notify?: boolean) => ({ title: 'Webmail unreachable', severity: 'high', message: 'Looking into it.', services: [{ service, impact: 'major_outage' }], ...(notify === undefined ? {} : { notify }) });

describe('expansion', () => {
  it('reaches confirmed subscribers of every service or of a concerned one, and nobody else', async () => {
    const w = await mailWorld();
    const s = await twoServices(w);
    const all = addSubscribers(w.db, { count: 2, prefix: 'all' });
    const webmailOnly = addSubscribers(w.db, { prefix: 'webmail', services: [s.webmail] });
    const both = addSubscribers(w.db, { prefix: 'both', services: [s.dns, s.webmail] });
    addSubscribers(w.db, { prefix: 'dns', services: [s.dns] });
    addSubscribers(w.db, { prefix: 'pending', confirmed: false });
    addSubscribers(w.db, { prefix: 'gone', unsubscribed: true });
    addSubscribers(w.db, { prefix: 'bounced', suppressed: true });

    expect((await w.call('POST', '/api/admin/incidents', incident('webmail'))).status).toBe(201);
    while (expandStep(w.ctx));
    expect(deliveryRows(w.db).map((d) => d.subscriber_id)).toEqual([...all, ...webmailOnly, ...both]);
    expect(deliveryRows(w.db).every((d) => d.state === 'pending' && d.batch_key === null)).toBe(true);
    expect(w.db.select().from(outboxEvents).all().every((e) => e.processedAt === w.clock.now)).toBe(true);
  });

  it('writes no delivery for notify=false, and marks the event processed', async () => {
    const w = await mailWorld();
    await twoServices(w);
    addSubscribers(w.db, { count: 3 });
    expect((await w.call('POST', '/api/admin/incidents', incident('webmail', false))).status).toBe(201);
    expect(expandStep(w.ctx)).toBe(true);
    expect(expandStep(w.ctx)).toBe(false);
    expect(deliveryRows(w.db)).toEqual([]);
    expect(w.db.select().from(outboxEvents).get()!.processedAt).toBe(w.clock.now);
  });

  it('emails nobody about an event whose stored payload does not match its kind, and moves on', async () => {
    const w = await mailWorld();
    await twoServices(w);
    addSubscribers(w.db, { count: 3 });
    expect((await w.call('POST', '/api/admin/incidents', incident('webmail'))).status).toBe(201);
    // As an older version or a hand edit might have left it: no `services`, a status that is none.
    const { services: _, ...payload } = w.db.select().from(outboxEvents).get()!.payload as Record<string, unknown>;
    w.db.$client.prepare('UPDATE outbox_events SET payload = ?').run(JSON.stringify({ ...payload, status: 'exploded' }));
    expect((await w.call('POST', '/api/admin/incidents', incident('webmail'))).status).toBe(201);
    while (expandStep(w.ctx));
    expect(deliveryRows(w.db).map((d) => d.event_id)).toEqual([2, 2, 2]);
    expect(w.db.select().from(outboxEvents).all().map((e) => e.processedAt)).toEqual([w.clock.now, w.clock.now]);
  });

  it('sends a confirmation event to that one (unconfirmed) subscriber only', async () => {
    const w = await mailWorld();
    addSubscribers(w.db, { count: 3 });
    const [pending] = addSubscribers(w.db, { prefix: 'new', confirmed: false });
    w.db.insert(outboxEvents).values({ type: 'subscription.confirm', entityType: 'subscriber', entityId: pending!, serviceIds: [], payload: { subscriberId: pending }, notify: true, createdAt: w.clock.now }).run();
    await drainOutbox(w.ctx, w.mailer);
    expect(deliveryRows(w.db).map((d) => [d.subscriber_id, d.state])).toEqual([[pending, 'sent']]);
    expect(w.fake.emails.map((e) => [e.to, e.subject])).toEqual([[['new3@example.test'], '[Sensey] Confirm your subscription']]);
  });

  it('works in chunks, resumes after a crash without duplicates, and steps over chunks that match nobody', async () => {
    const w = await mailWorld();
    await twoServices(w);
    addSubscribers(w.db, { count: 7, prefix: 'pending', confirmed: false });
    const confirmed = addSubscribers(w.db, { count: 8 });
    expect((await w.call('POST', '/api/admin/incidents', incident('dns'))).status).toBe(201);
    let steps = 0;
    while (expandStep(w.ctx, { expandChunk: 3 })) {
      steps++;
      // Not processed until the last chunk.
      if (deliveryRows(w.db).length < 8) expect(w.db.select().from(outboxEvents).get()!.processedAt).toBeNull();
    }
    // 15 subscribers in chunks of 3, then the empty tail that marks the event processed.
    expect(steps).toBe(6);
    expect(deliveryRows(w.db).map((d) => d.subscriber_id)).toEqual(confirmed);

    // A crash before processed_at was committed: expansion runs again and adds nothing twice.
    w.db.update(outboxEvents).set({ processedAt: null }).run();
    while (expandStep(w.ctx, { expandChunk: 3 }));
    expect(deliveryRows(w.db).map((d) => d.subscriber_id)).toEqual(confirmed);
  });

  it('skips, at sending time, subscribers who left after expansion', async () => {
    const w = await mailWorld();
    await twoServices(w);
    const [stays, leaves, bounces] = addSubscribers(w.db, { count: 3 });
    expect((await w.call('POST', '/api/admin/incidents', incident('dns'))).status).toBe(201);
    while (expandStep(w.ctx));
    w.db.$client.prepare('UPDATE subscribers SET unsubscribed_at = 5 WHERE id = ?').run(leaves);
    w.db.$client.prepare('UPDATE subscribers SET suppressed_at = 5 WHERE id = ?').run(bounces);
    const key = freezeBatch(w.ctx);
    expect(deliveryRows(w.db).map((d) => [d.subscriber_id, d.state, d.last_error, d.batch_key])).toEqual([
      [stays, 'pending', null, key],
      [leaves, 'failed', 'skipped: unsubscribed', null],
      [bounces, 'failed', 'skipped: suppressed', null],
    ]);
    await drainOutbox(w.ctx, w.mailer);
    expect(w.fake.emails.flatMap((e) => e.to)).toEqual(['sub0@example.test']);
    const counts = await w.call('GET', '/api/admin/deliveries', undefined, 'viewer');
    expect(counts.body.events[0]).toMatchObject({ type: 'incident.created', pending: 0, sent: 1, failed: 0, skipped: 2 });
  });
});
