// POST /api/subscriptions in-process: double opt-in writes, one outbox event per confirmation,
// identical answers for known and unknown addresses, CSRF on form posts, validation.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { subscriberServices, subscribers } from '../../../db/schema.ts';
import { makeService } from '../../support/factories.ts';
import { PUBLIC_URL, world, type World } from './world.ts';

const SAME_ORIGIN = { origin: PUBLIC_URL };

function catalogue(w: World) {
  return { web: makeService(w.db, { slug: 'web', name: 'Webhosting' }), mail: makeService(w.db, { slug: 'mail', name: 'Mail' }) };
}

describe('subscribe (JSON)', () => {
  it('creates an unconfirmed subscriber for every service and exactly one confirmation event', async () => {
    const w = world();
    const res = await w.postJson({ email: '  Ada@Example.COM ', locale: 'en' });
    expect(res.status).toBe(202);
    expect(res.body).toEqual({ status: 'pending_confirmation' });
    const row = w.subscriber('ada@example.com')!;
    expect(row).toMatchObject({ locale: 'en', allServices: true, createdAt: w.now(), confirmedAt: null, unsubscribedAt: null, suppressedAt: null });
    expect(w.events()).toEqual([
      { id: 1, type: 'subscription.confirm', entityType: 'subscriber', entityId: row.id, serviceIds: [], payload: { subscriberId: row.id }, notify: true, createdAt: w.now(), processedAt: null },
    ]);
  });

  it('defaults the language to the configured default locale', async () => {
    const w = world({ BAKEN_DEFAULT_LOCALE: 'nl' });
    await w.postJson({ email: 'bob@example.com' });
    expect(w.subscriber('bob@example.com')!.locale).toBe('nl');
  });

  it('stores the chosen services by slug', async () => {
    const w = world();
    const { web, mail } = catalogue(w);
    expect((await w.postJson({ email: 'c@example.com', services: ['mail', 'web'] })).status).toBe(202);
    const row = w.subscriber('c@example.com')!;
    expect(row.allServices).toBe(false);
    const chosen = w.db.select().from(subscriberServices).where(eq(subscriberServices.subscriberId, row.id)).all().map((r) => r.serviceId);
    expect(chosen.sort()).toEqual([web, mail].sort());
  });

  it('refuses unknown or archived services, bad addresses and bad languages in the error shape', async () => {
    const w = world();
    catalogue(w);
    makeService(w.db, { slug: 'old', archivedAt: 1 });
    const unknown = await w.postJson({ email: 'c@example.com', services: ['web', 'nope', 'old'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'invalid_request', details: [{ path: 'services', code: 'unknown_service', slugs: ['nope', 'old'] }] });
    for (const [email, code] of [[undefined, 'required'], ['', 'required'], ['not-an-address', 'invalid_email'], [`${'a'.repeat(250)}@x.nl`, 'too_long'], [42, 'required']] as const) {
      const res = await w.postJson({ email });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({ path: 'email', code });
    }
    const locale = await w.postJson({ email: 'd@example.com', locale: 'de' });
    expect(locale.body.error.details).toEqual([{ path: 'locale', code: 'invalid_locale', message: expect.any(String) }]);
    expect(w.db.select().from(subscribers).all()).toEqual([]);
    expect(w.events()).toEqual([]);
  });

  it('answers malformed bodies and other media types in the error shape', async () => {
    const w = world();
    const bad = await w.send('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('invalid_json');
    const array = await w.postJson(['a@example.com']);
    expect(array.body.error.code).toBe('invalid_request');
    const xml = await w.send('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<a/>' });
    expect(xml.status).toBe(415);
    expect(xml.body.error.code).toBe('unsupported_media_type');
    const huge = await w.postJson({ email: 'a@example.com', padding: 'x'.repeat(20_000) });
    expect(huge.status).toBe(413);
    expect(huge.body.error.code).toBe('payload_too_large');
  });
});

describe('no enumeration', () => {
  it('answers byte-identically for new, pending, confirmed, unsubscribed and suppressed addresses', async () => {
    const w = world();
    const t = w.now();
    w.db.insert(subscribers).values([
      { email: 'pending@example.com', locale: 'nl', createdAt: t, updatedAt: t },
      { email: 'confirmed@example.com', locale: 'nl', createdAt: t, updatedAt: t, confirmedAt: t },
      { email: 'gone@example.com', locale: 'nl', createdAt: t, updatedAt: t, confirmedAt: t, unsubscribedAt: t },
      { email: 'bounced@example.com', locale: 'nl', createdAt: t, updatedAt: t, confirmedAt: t, suppressedAt: t, suppressionReason: 'bounced' },
    ]).run();
    const answers = [];
    for (const email of ['new@example.com', 'pending@example.com', 'confirmed@example.com', 'gone@example.com', 'bounced@example.com']) {
      const res = await w.postJson({ email, locale: 'en' });
      answers.push({ status: res.status, text: res.text, type: res.headers.get('content-type') });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0]).toEqual({ status: 202, text: '{"status":"pending_confirmation"}', type: 'application/json' });

    // New, pending and unsubscribed get a confirmation; confirmed and suppressed get nothing and keep their rows.
    const byId = new Map(w.db.select().from(subscribers).all().map((s) => [s.id, s.email]));
    expect(w.events().map((e) => byId.get(e.entityId))).toEqual(['new@example.com', 'pending@example.com', 'gone@example.com']);
    expect(w.subscriber('pending@example.com')).toMatchObject({ locale: 'en', confirmedAt: null });
    expect(w.subscriber('gone@example.com')).toMatchObject({ locale: 'en', confirmedAt: null, unsubscribedAt: null });
    expect(w.subscriber('confirmed@example.com')).toMatchObject({ locale: 'nl', confirmedAt: t, updatedAt: t });
    expect(w.subscriber('bounced@example.com')).toMatchObject({ locale: 'nl', suppressedAt: t, updatedAt: t });
  });

  it('refreshes a pending address\'s choices', async () => {
    const w = world();
    catalogue(w);
    await w.postJson({ email: 'p@example.com', services: ['web'] });
    await w.postJson({ email: 'p@example.com' });
    const row = w.subscriber('p@example.com')!;
    expect(row.allServices).toBe(true);
    expect(w.db.select().from(subscriberServices).all()).toEqual([]);
    expect(w.events()).toHaveLength(2);
  });
});

describe('form posts and CSRF', () => {
  it('redirects a same-origin form post with a 303 to the localized "check your inbox" page', async () => {
    const w = world();
    catalogue(w);
    const res = await w.postForm([['email', 'form@example.com'], ['locale', 'nl'], ['services', 'web'], ['services', 'mail']], { headers: SAME_ORIGIN });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/nl/subscribe/sent');
    expect(w.subscriber('form@example.com')).toMatchObject({ locale: 'nl', allServices: false });
    expect(w.events()).toHaveLength(1);
  });

  it('accepts Sec-Fetch-Site: same-origin, and the origin the request was addressed to', async () => {
    const w = world();
    expect((await w.postForm([['email', 'a@example.com']], { headers: { 'sec-fetch-site': 'same-origin' } })).status).toBe(303);
    expect((await w.postForm([['email', 'b@example.com']], { headers: { origin: 'http://localhost' } })).status).toBe(303);
  });

  it('refuses cross-origin and origin-less form posts with a 403 in the error shape, writing nothing', async () => {
    const w = world();
    const attempts: Record<string, string>[] = [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' }, {}, { origin: 'null' }];
    for (const headers of attempts) {
      const res = await w.postForm([['email', 'victim@example.com']], { headers });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ error: { code: 'cross_origin_refused', message: 'Form posts are only accepted from this status page.' } });
    }
    const plain = await w.send('/api/subscriptions', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: '{"email":"victim@example.com"}' });
    expect(plain.status).toBe(403);
    expect(w.subscriber('victim@example.com')).toBeUndefined();
    expect(w.events()).toEqual([]);
  });

  it('lets JSON through without an Origin (a browser cannot send it cross-site without a preflight)', async () => {
    const w = world();
    expect((await w.postJson({ email: 'cli@example.com' })).status).toBe(202);
  });
});
