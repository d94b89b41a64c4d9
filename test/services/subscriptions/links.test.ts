// The signed links in-process: confirm (48 h), one-click unsubscribe (RFC 8058), and the service
// calls behind the manage page.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { subscriberServices, subscribers } from '../../../db/schema.ts';
import {
  chosenSlugs,
  confirmSubscription,
  parsePreferences,
  resubscribe,
  subscriberFromToken,
  subscriberLinks,
  unsubscribe,
  updatePreferences,
} from '../../../src/services/subscriptions/subscriptions.ts';
import { makeService } from '../../support/factories.ts';
import { HOUR, MINUTE, world, type World } from './world.ts';

async function pending(w: World, email = 'ada@example.com') {
  await w.postJson({ email, locale: 'en' });
  return w.subscriber(email)!;
}

describe('confirm', () => {
  it('sets confirmedAt with a valid token, once', async () => {
    const w = world();
    const s = await pending(w);
    const token = w.token('confirm', s.id);
    w.advance(HOUR);
    const res = await w.send(`/api/subscriptions/confirm?token=${token}`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'confirmed' });
    expect(w.subscriber('ada@example.com')!.confirmedAt).toBe(w.now());
    w.advance(MINUTE);
    expect((await w.send(`/api/subscriptions/confirm?token=${token}`, { method: 'POST' })).status).toBe(200);
    expect(w.subscriber('ada@example.com')!.confirmedAt).toBe(w.now() - MINUTE);
  });

  it('refuses a token older than 48 hours with 410, and a forged or foreign token with 400', async () => {
    const w = world();
    const s = await pending(w);
    const token = w.token('confirm', s.id);
    w.advance(48 * HOUR + 1);
    const expired = await w.send(`/api/subscriptions/confirm?token=${token}`, { method: 'POST' });
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({ error: { code: 'token_expired', message: 'This confirmation link has expired.' } });
    const forged = token.replace(/\.[^.]+$/, '.AAAA');
    for (const bad of [forged, w.token('manage', s.id), w.token('confirm', s.id + 1), '', 'x'.repeat(300)]) {
      const res = await w.send(`/api/subscriptions/confirm?token=${encodeURIComponent(bad)}`, { method: 'POST' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_token');
    }
    expect(w.subscriber('ada@example.com')!.confirmedAt).toBeNull();
  });

  it('does not let a link issued before an unsubscribe subscribe again', async () => {
    const w = world();
    const s = await pending(w);
    const first = w.token('confirm', s.id);
    expect(confirmSubscription(w.ctx, first).ok).toBe(true);
    w.advance(MINUTE);
    unsubscribe(w.ctx, s.id);
    w.advance(MINUTE);
    expect(confirmSubscription(w.ctx, first)).toEqual({ ok: false, reason: 'expired' });
    expect(w.subscriber('ada@example.com')!.unsubscribedAt).not.toBeNull();
  });
});

describe('one-click unsubscribe (RFC 8058)', () => {
  const oneClick = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' };

  it('answers an empty 200 without any Origin and stops emails at once; repeating it changes nothing', async () => {
    const w = world();
    const s = await pending(w);
    confirmSubscription(w.ctx, w.token('confirm', s.id));
    const token = w.token('unsubscribe', s.id);
    w.advance(MINUTE);
    const res = await w.send(`/api/subscriptions/unsubscribe?token=${token}`, oneClick);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const at = w.now();
    expect(w.subscriber('ada@example.com')!.unsubscribedAt).toBe(at);
    w.advance(MINUTE);
    expect((await w.send(`/api/subscriptions/unsubscribe?token=${token}`, { ...oneClick, headers: { ...oneClick.headers, origin: 'https://mail.provider.example' } })).status).toBe(200);
    expect(w.subscriber('ada@example.com')!.unsubscribedAt).toBe(at);
  });

  it('refuses a bad token in the error shape', async () => {
    const w = world();
    const s = await pending(w);
    const res = await w.send(`/api/subscriptions/unsubscribe?token=${w.token('manage', s.id)}`, oneClick);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_token');
    expect(w.subscriber('ada@example.com')!.unsubscribedAt).toBeNull();
  });

  it('sends a GET (a person or a link scanner) to the unsubscribe page without unsubscribing', async () => {
    const w = world();
    const s = await pending(w);
    const token = w.token('unsubscribe', s.id);
    const res = await w.send(`/api/subscriptions/unsubscribe?token=${token}`, { method: 'GET' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(`/en/unsubscribe?token=${encodeURIComponent(token)}`);
    expect(w.subscriber('ada@example.com')!.unsubscribedAt).toBeNull();
  });
});

describe('manage', () => {
  it('changes services and language, and back to all services', async () => {
    const w = world();
    const web = makeService(w.db, { slug: 'web' });
    makeService(w.db, { slug: 'mail' });
    const s = await pending(w);
    const prefs = parsePreferences(w.db, { locale: 'nl', services: ['web'] }, 'en');
    expect(prefs).toEqual({ ok: true, value: { locale: 'nl', services: [web] } });
    if (!prefs.ok) return;
    updatePreferences(w.ctx, s.id, prefs.value);
    const row = w.subscriber('ada@example.com')!;
    expect(row).toMatchObject({ locale: 'nl', allServices: false });
    expect(chosenSlugs(w.db, row)).toEqual(['web']);
    updatePreferences(w.ctx, s.id, { locale: 'en', services: 'all' });
    expect(w.subscriber('ada@example.com')).toMatchObject({ locale: 'en', allServices: true });
    expect(w.db.select().from(subscriberServices).where(eq(subscriberServices.subscriberId, s.id)).all()).toEqual([]);
    expect(parsePreferences(w.db, { services: ['gone'] }, 'en')).toEqual({ ok: false, errors: [{ field: 'services', code: 'unknown_service', slugs: ['gone'] }] });
  });

  it('subscribes again after an unsubscribe, confirming the address the manage link proved', async () => {
    const w = world();
    const s = await pending(w);
    unsubscribe(w.ctx, s.id);
    resubscribe(w.ctx, w.subscriber('ada@example.com')!);
    expect(w.subscriber('ada@example.com')).toMatchObject({ unsubscribedAt: null, confirmedAt: w.now() });
  });

  it('links to manage and unsubscribe with long-lived tokens', async () => {
    const w = world();
    const s = await pending(w);
    const links = subscriberLinks(w.ctx, s.id, 'nl');
    expect(links.manage).toMatch(/^\/nl\/subscriptions\/manage\?token=manage\./);
    w.advance(365 * 24 * HOUR);
    const token = decodeURIComponent(new URL(links.unsubscribe, 'http://x').searchParams.get('token')!);
    expect(subscriberFromToken(w.ctx, token, 'unsubscribe')).toMatchObject({ ok: true, subscriber: { id: s.id } });
  });
});

describe('never a 5xx', () => {
  it('answers odd requests with 4xx in the error shape', async () => {
    const w = world();
    const odd: [string, RequestInit][] = [
      ['/api/subscriptions', { method: 'POST' }],
      ['/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'null' }],
      ['/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: ['a@b.nl'], services: { a: 1 } }) }],
      ['/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'a@b.nl', services: 'web,,nope' }) }],
      ['/api/subscriptions', { method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', origin: 'https://status.example.test' }, body: '--x--' }],
      ['/api/subscriptions/confirm?token=confirm.1.99999999999999999.x', { method: 'POST' }],
      ['/api/subscriptions/unsubscribe', { method: 'POST' }],
      ['/api/subscriptions/unsubscribe?token=unsubscribe.00.1.x', { method: 'POST' }],
      ['/api/subscriptions', { method: 'DELETE' }],
    ];
    for (const [path, init] of odd) {
      const res = await w.send(path, init);
      expect(res.status, `${init.method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(res.status, `${init.method} ${path}`).toBeLessThan(500);
      expect(res.body.error.code).toEqual(expect.any(String));
    }
    expect(w.db.select().from(subscribers).all()).toEqual([]);
  });
});
