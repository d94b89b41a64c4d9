// POST /api/webhooks/resend in-process: svix signatures on the raw body, bounces and complaints
// suppress the address, replays and other events are acknowledged and ignored.
import { describe, expect, it } from 'vitest';
import { subscribers, webhookMessages } from '../../../db/schema.ts';
import { bounce, signedWebhook, world, type World } from './world.ts';

function seed(w: World) {
  const t = w.now() - 1000;
  w.db.insert(subscribers).values([
    { email: 'ada@example.com', locale: 'en', createdAt: t, updatedAt: t, confirmedAt: t },
    { email: 'bob@example.com', locale: 'nl', createdAt: t, updatedAt: t, confirmedAt: t },
  ]).run();
}

const post = (w: World, signed: { body: string; headers: Record<string, string> }) => w.send('/api/webhooks/resend', { method: 'POST', headers: signed.headers, body: signed.body });

describe('Resend webhooks', () => {
  it('suppresses a bounced address', async () => {
    const w = world();
    seed(w);
    const res = await post(w, signedWebhook(bounce(['Ada@Example.com'])));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'processed' });
    expect(w.subscriber('ada@example.com')).toMatchObject({ suppressedAt: w.now(), suppressionReason: 'bounced: Permanent/General' });
    expect(w.subscriber('bob@example.com')!.suppressedAt).toBeNull();
  });

  it('suppresses a complaining address, also when named as "Name <address>"', async () => {
    const w = world();
    seed(w);
    expect((await post(w, signedWebhook(bounce(['Bob <bob@example.com>'], 'email.complained')))).status).toBe(200);
    expect(w.subscriber('bob@example.com')).toMatchObject({ suppressedAt: w.now(), suppressionReason: 'complained' });
  });

  it('ignores a replayed message (same svix-id): 200 and no change', async () => {
    const w = world();
    seed(w);
    const first = signedWebhook(bounce(['ada@example.com']), { id: 'msg_replay' });
    expect((await post(w, first)).status).toBe(200);
    const before = { subs: w.db.select().from(subscribers).all(), messages: w.db.select().from(webhookMessages).all() };
    w.advance(60_000);
    // The same message again, and a different body under the same id: both ignored.
    for (const again of [first, signedWebhook(bounce(['bob@example.com']), { id: 'msg_replay' })]) {
      const res = await post(w, again);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ status: 'ignored', reason: 'replay' });
    }
    expect({ subs: w.db.select().from(subscribers).all(), messages: w.db.select().from(webhookMessages).all() }).toEqual(before);
    expect(before.messages).toEqual([{ id: 'msg_replay', type: 'email.bounced', receivedAt: w.now() - 60_000 }]);
  });

  it('acknowledges other event types without acting on them', async () => {
    const w = world();
    seed(w);
    const res = await post(w, signedWebhook({ type: 'email.delivered', created_at: '2026-11-24T12:00:00Z', data: { to: ['ada@example.com'] } }));
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ignored', reason: 'unhandled_type' });
    expect(w.subscriber('ada@example.com')!.suppressedAt).toBeNull();
  });

  it('refuses a bad signature, a changed body, an old timestamp and missing headers with 400', async () => {
    const w = world();
    seed(w);
    const good = signedWebhook(bounce(['ada@example.com']));
    const attempts = [
      signedWebhook(bounce(['ada@example.com']), { secret: `whsec_${Buffer.from('another secret of 24 b').toString('base64')}` }),
      { ...good, body: good.body.replace('ada@', 'bob@') },
      { ...good, headers: { ...good.headers, 'svix-timestamp': String(Math.floor(Date.now() / 1000) - 3600) } },
      { ...good, headers: { 'content-type': 'application/json' } },
    ];
    for (const attempt of attempts) {
      const res = await post(w, attempt);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    expect(w.db.select().from(webhookMessages).all()).toEqual([]);
    expect(w.db.select().from(subscribers).all().every((s) => s.suppressedAt === null)).toBe(true);
  });

  it('refuses signed bodies that are not Resend events with 400', async () => {
    const w = world();
    for (const payload of [[1, 2], { data: {} }, 'text']) {
      const res = await post(w, signedWebhook(payload));
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
    }
  });

  it('answers 400 webhook_not_configured without RESEND_WEBHOOK_SECRET', async () => {
    const w = world({ RESEND_WEBHOOK_SECRET: '' });
    const res = await post(w, signedWebhook(bounce(['ada@example.com'])));
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('webhook_not_configured');
  });
});
