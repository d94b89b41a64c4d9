// Sending: batches of at most 100 under stable idempotency keys, retries on 429/5xx/lost answers,
// permanent failures recorded and visible to staff.
import { describe, expect, it } from 'vitest';
import { classifyResendError } from '../../../src/services/mail/mailer.ts';
import { dueBatches, drainOutbox, outboxInstance } from '../../../src/services/mail/outbox-worker.ts';
import { addSubscribers, deliveryRows, mailWorld, type MailWorld } from './world.ts';

async function announce(w: MailWorld, subscribers: number) {
  expect((await w.call('POST', '/api/admin/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
  addSubscribers(w.db, { count: subscribers });
  const res = await w.call('POST', '/api/admin/incidents', { title: 'Webmail unreachable', severity: 'high', message: 'Looking into it.', services: [{ service: 'webmail', impact: 'major_outage' }] });
  expect(res.status).toBe(201);
}

const fixedJitter = { random: () => 0.5 };
const onceEach = (w: MailWorld) => [...w.fake.countsByRecipient().values()].every((n) => n === 1);

describe('sending', () => {
  it('sends batches of at most 100, each email tagged with its delivery id, each batch under its own key', async () => {
    const w = await mailWorld();
    await announce(w, 250);
    await drainOutbox(w.ctx, w.mailer);
    expect(w.fake.requests.map((r) => [r.endpoint, r.status, r.emails])).toEqual([
      ['/emails/batch', 200, 100],
      ['/emails/batch', 200, 100],
      ['/emails/batch', 200, 50],
    ]);
    const instance = outboxInstance(w.ctx);
    expect(w.fake.requests.map((r) => r.idempotencyKey)).toEqual([`baken/${instance}/batch/1-100-100`, `baken/${instance}/batch/101-200-100`, `baken/${instance}/batch/201-250-50`]);
    const rows = deliveryRows(w.db);
    expect(rows.every((d) => d.state === 'sent' && d.attempts === 1)).toBe(true);
    expect(w.fake.countsByRecipient().size).toBe(250);
    expect(onceEach(w)).toBe(true);
    // Each row holds the id Resend gave the email that carries its delivery id.
    const byRef = new Map(w.fake.emails.map((e) => [e.headers['X-Entity-Ref-ID'], e]));
    for (const d of rows) {
      const email = byRef.get(`baken-delivery-${d.id}`)!;
      expect(email.id).toBe(d.resend_id);
      expect(email.tags).toContainEqual({ name: 'baken_delivery', value: String(d.id) });
      expect(email.to).toEqual([d.to_email]);
    }
  });

  it('retries a batch whose answer was lost with the same key and the same bytes: Resend replays, nobody gets two', async () => {
    const w = await mailWorld({ script: ['lost', 'lost'] });
    await announce(w, 150);
    await drainOutbox(w.ctx, w.mailer, fixedJitter);
    expect(w.fake.emails).toHaveLength(150);
    const firstKeys = w.fake.requests.map((r) => r.idempotencyKey);
    expect(deliveryRows(w.db).map((d) => [d.state, d.attempts, d.resend_id])).toEqual(Array(150).fill(['pending', 1, null]));

    // A subscriber changing language meanwhile cannot change a frozen batch's bytes.
    w.db.$client.prepare(`UPDATE subscribers SET locale = 'nl'`).run();
    w.clock.now += 60_000;
    await drainOutbox(w.ctx, w.mailer, fixedJitter);
    expect(w.fake.requests.slice(2).map((r) => [r.idempotencyKey, r.status, r.replayed])).toEqual(firstKeys.map((k) => [k, 200, true]));
    expect(w.fake.emails).toHaveLength(150);
    expect(onceEach(w)).toBe(true);
    const ids = new Map(w.fake.emails.map((e) => [e.to[0], e.id]));
    expect(deliveryRows(w.db).every((d) => d.state === 'sent' && d.attempts === 2 && d.resend_id === ids.get(d.to_email!))).toBe(true);
  });

  it('honours 429 retry-after: nothing counts as an attempt, and the batch waits exactly that long', async () => {
    const w = await mailWorld({ script: ['429'], retryAfterSeconds: 3 });
    await announce(w, 10);
    await drainOutbox(w.ctx, w.mailer);
    const t0 = w.clock.now;
    expect(deliveryRows(w.db).map((d) => [d.state, d.attempts, d.next_attempt_at])).toEqual(Array(10).fill(['pending', 0, t0 + 3000]));
    w.clock.now = t0 + 2999;
    expect(dueBatches(w.ctx)).toEqual([]);
    w.clock.now = t0 + 3000;
    expect(dueBatches(w.ctx)).toHaveLength(1);
    await drainOutbox(w.ctx, w.mailer);
    expect(deliveryRows(w.db).every((d) => d.state === 'sent')).toBe(true);
    expect(onceEach(w) && w.fake.emails.length === 10).toBe(true);
  });

  it('backs off exponentially (with jitter) on 5xx, then succeeds under the same key', async () => {
    const w = await mailWorld({ script: ['5xx', '5xx'] });
    await announce(w, 5);
    const t0 = w.clock.now;
    await drainOutbox(w.ctx, w.mailer, fixedJitter);
    expect(deliveryRows(w.db)[0]).toMatchObject({ state: 'pending', attempts: 1, next_attempt_at: t0 + 750 });
    w.clock.now = t0 + 750;
    await drainOutbox(w.ctx, w.mailer, fixedJitter);
    expect(deliveryRows(w.db)[0]).toMatchObject({ state: 'pending', attempts: 2, next_attempt_at: t0 + 750 + 1500 });
    w.clock.now += 1500;
    await drainOutbox(w.ctx, w.mailer, fixedJitter);
    expect(deliveryRows(w.db).every((d) => d.state === 'sent' && d.attempts === 3 && d.last_error === null)).toBe(true);
    expect(new Set(w.fake.requests.map((r) => r.idempotencyKey)).size).toBe(1);
    expect(w.fake.emails).toHaveLength(5);
  });

  it('gives a batch up after maxAttempts of 5xx, visibly', async () => {
    const w = await mailWorld({ rate5xx: 1 });
    await announce(w, 3);
    await drainOutbox(w.ctx, w.mailer, { maxAttempts: 2, ...fixedJitter });
    w.clock.now += 60_000;
    await drainOutbox(w.ctx, w.mailer, { maxAttempts: 2, ...fixedJitter });
    expect(deliveryRows(w.db).map((d) => d.state)).toEqual(['failed', 'failed', 'failed']);
    expect(deliveryRows(w.db)[0]!.last_error).toMatch(/^gave up after 2 attempts: 50\d /);
  });

  it('records a permanent per-email refusal as failed, sends the rest, and shows both at /api/admin/deliveries', async () => {
    const w = await mailWorld({ rejectRecipients: (to) => to === 'sub1@example.test' });
    await announce(w, 4);
    await drainOutbox(w.ctx, w.mailer);
    expect(deliveryRows(w.db).map((d) => d.state)).toEqual(['sent', 'failed', 'sent', 'sent']);
    // Resend's `data` skips the refused email: the ids after it still land on the right rows.
    const ids = new Map(w.fake.emails.map((e) => [e.to[0], e.id]));
    expect(deliveryRows(w.db).map((d) => d.resend_id)).toEqual([ids.get('sub0@example.test'), null, ids.get('sub2@example.test'), ids.get('sub3@example.test')]);
    const counts = await w.call('GET', '/api/admin/deliveries', undefined, 'viewer');
    expect(counts.status).toBe(200);
    expect(counts.body.events).toEqual([{ eventId: 1, type: 'incident.created', createdAt: '2026-11-02T10:00:00.000Z', expanded: true, pending: 0, sent: 3, failed: 1, skipped: 0 }]);
    const failed = await w.call('GET', '/api/admin/deliveries?state=failed', undefined, 'viewer');
    expect(failed.body.deliveries).toHaveLength(1);
    expect(failed.body.deliveries[0]).toMatchObject({ eventId: 1, type: 'incident.created', email: 'sub1@example.test', state: 'failed', attempts: 1 });
    expect(failed.body.deliveries[0].lastError).toMatch(/^refused: Invalid `to` field/);
    expect((await w.call('GET', '/api/admin/deliveries', undefined, 'none')).status).toBe(401);
  });

  it('keeps emails queued while Resend refuses the API key (an operator can fix it)', async () => {
    const w = await mailWorld({ apiKey: 're_other' });
    await announce(w, 2);
    await drainOutbox(w.ctx, w.mailer);
    expect(deliveryRows(w.db).map((d) => [d.state, d.attempts])).toEqual([
      ['pending', 1],
      ['pending', 1],
    ]);
    expect(deliveryRows(w.db)[0]!.last_error).toMatch(/^403 invalid_api_key/);
  });

  it('never resends under a key Resend says it processed with other content (409): records the batch as sent earlier', async () => {
    const w = await mailWorld({ script: ['lost'] });
    await announce(w, 3);
    await drainOutbox(w.ctx, w.mailer);
    // The page is renamed between the lost answer and the retry: the re-rendered batch no longer
    // matches the bytes Resend holds under the key.
    w.ctx.config.pageName = 'Sensey B.V.';
    w.clock.now += 60_000;
    await drainOutbox(w.ctx, w.mailer);
    expect(w.fake.requests.map((r) => r.status)).toEqual([500, 409]);
    expect(w.fake.emails).toHaveLength(3);
    expect(deliveryRows(w.db).every((d) => d.state === 'sent' && d.resend_id === null && /^sent earlier under this idempotency key/.test(d.last_error!))).toBe(true);
  });
});

describe('classifyResendError', () => {
  const NOW = Date.parse('2026-11-02T10:00:00Z');
  const c = (statusCode: number | null, name: string, headers: Record<string, string> | null = null) => classifyResendError({ statusCode, name, message: 'm' }, headers, NOW);
  it('maps Resend answers to what the worker does with them', () => {
    expect(c(429, 'rate_limit_exceeded', { 'retry-after': '2' })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 2000 });
    expect(c(429, 'daily_quota_exceeded')).toMatchObject({ kind: 'rate_limited', retryAfterMs: 3_600_000 });
    // An HTTP-date retry-after is measured from the application's clock, not the machine's.
    expect(c(429, 'rate_limit_exceeded', { 'retry-after': 'Mon, 02 Nov 2026 10:00:30 GMT' })).toMatchObject({ kind: 'rate_limited', retryAfterMs: 30_000 });
    expect(c(null, 'application_error')).toMatchObject({ kind: 'transient', status: null });
    expect(c(503, 'application_error')).toMatchObject({ kind: 'transient', status: 503 });
    expect(c(409, 'concurrent_idempotent_requests')).toMatchObject({ kind: 'transient' });
    expect(c(409, 'invalid_idempotent_request')).toMatchObject({ kind: 'key_conflict' });
    expect(c(403, 'invalid_api_key')).toMatchObject({ kind: 'transient' });
    expect(c(422, 'invalid_from_address')).toMatchObject({ kind: 'permanent', status: 422 });
  });
});
