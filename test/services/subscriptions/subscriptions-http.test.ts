// Subscriptions over real HTTP against the built server: the no-JS pages (subscribe, check your
// inbox, confirm, manage, unsubscribe), the JSON API, CSRF, one-click unsubscribe, rate limits by
// socket address (each test speaks from its own loopback address, 127.0.0.x) and Resend webhooks.
import { request as httpRequest } from 'node:http';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../../db/client.ts';
import { outboxEvents, subscriberServices, subscribers } from '../../../db/schema.ts';
import { signToken, type TokenPurpose } from '../../../src/services/subscriptions/tokens.ts';
import { makeGroup, makeService } from '../../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';
import { bounce, signedWebhook, WEBHOOK_SECRET } from './world.ts';

const SECRET = 'http-test-secret-0123456789abcdefghijkl';
let server: RunningServer;
let db: Db;
let webId: number;

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** One HTTP request from a chosen loopback address (the server keys rate limits by it). */
function send(path: string, o: { method?: string; from: string; headers?: Record<string, string>; body?: string }): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: o.method ?? 'GET', localAddress: o.from, headers: { ...o.headers, ...(o.body !== undefined && { 'content-length': String(Buffer.byteLength(o.body)) }) } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, text }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

const form = (fields: [string, string][]) => new URLSearchParams(fields).toString();
const formHeaders = (origin?: string) => ({ 'content-type': 'application/x-www-form-urlencoded', ...(origin && { origin }) });
const token = (purpose: TokenPurpose, id: number) => signToken(SECRET, purpose, id, Date.now());
const subscriber = (email: string) => db.select().from(subscribers).where(eq(subscribers.email, email)).get();
const eventsFor = (id: number) => db.select().from(outboxEvents).where(eq(outboxEvents.entityId, id)).all().filter((e) => e.type === 'subscription.confirm');
const attr = (html: string, id: string) => new RegExp(`<input[^>]*id="${id}"[^>]*>`).exec(html)?.[0] ?? '';

beforeAll(async () => {
  const path = tempDbPath('subscriptions');
  db = createDb(path);
  const hosting = makeGroup(db, 'Hosting');
  webId = makeService(db, { slug: 'web', name: 'Webhosting', groupId: hosting });
  makeService(db, { slug: 'mail', name: 'Mail', groupId: hosting, position: 1 });
  server = await startServer({ databasePath: path, env: { BAKEN_SECRET: SECRET, RESEND_WEBHOOK_SECRET: WEBHOOK_SECRET } });
});
afterAll(async () => {
  await server?.stop();
  db?.$client.close();
});

describe('the subscribe page', () => {
  it('renders a form with labelled inputs, in each language, preselecting ?service=', async () => {
    const en = await send('/en/subscribe?service=web', { from: '127.0.0.2' });
    expect(en.status).toBe(200);
    expect(en.text).toContain('<html lang="en"');
    expect(en.text).toMatch(/<form method="post" action="\/en\/subscribe"/);
    expect(en.text).toMatch(/<label class="block" for="email"[^>]*>Email address<\/label>/);
    expect(attr(en.text, 'email')).toMatch(/name="email"/);
    expect(attr(en.text, 'email')).toMatch(/aria-describedby="email-hint"/);
    expect(en.text).toMatch(/<label for="service-web"[^>]*>Webhosting<\/label>/);
    expect(attr(en.text, 'service-web')).toContain('checked');
    expect(attr(en.text, 'service-mail')).not.toContain('checked');
    expect(attr(en.text, 'locale-en')).toContain('checked');
    expect(en.text).toMatch(/<legend[^>]*>Services<\/legend>/);
    const nl = await send('/nl/subscribe', { from: '127.0.0.2' });
    expect(nl.text).toMatch(/<label class="block" for="email"[^>]*>E-mailadres<\/label>/);
    expect(attr(nl.text, 'locale-nl')).toContain('checked');
    expect(nl.headers['x-cache']).toBeUndefined();
  });

  it('redirects a same-origin form post with a 303 to "check your inbox" and writes one confirmation', async () => {
    const res = await send('/en/subscribe', { method: 'POST', from: '127.0.0.3', headers: formHeaders(server.url), body: form([['email', 'Page@Example.com'], ['locale', 'nl'], ['services', 'web']]) });
    expect(res.status).toBe(303);
    expect(res.headers.location).toBe('/en/subscribe/sent');
    const row = subscriber('page@example.com')!;
    expect(row).toMatchObject({ locale: 'nl', allServices: false, confirmedAt: null });
    expect(db.select().from(subscriberServices).where(eq(subscriberServices.subscriberId, row.id)).all()).toEqual([{ subscriberId: row.id, serviceId: webId }]);
    expect(eventsFor(row.id)).toHaveLength(1);
    const sent = await send('/en/subscribe/sent', { from: '127.0.0.3' });
    expect(sent.status).toBe(200);
    expect(sent.text).toContain('<h1>Check your inbox</h1>');
  });

  it('shows errors next to their fields, tied with aria-describedby', async () => {
    const res = await send('/en/subscribe', { method: 'POST', from: '127.0.0.4', headers: formHeaders(server.url), body: form([['email', 'not an address']]) });
    expect(res.status).toBe(400);
    expect(attr(res.text, 'email')).toMatch(/aria-describedby="email-hint email-error"/);
    expect(attr(res.text, 'email')).toMatch(/aria-invalid="true"/);
    expect(attr(res.text, 'email')).toMatch(/value="not an address"/);
    expect(res.text).toMatch(/<p class="field-error" id="email-error"[^>]*>Enter an email address like name@example.com.<\/p>/);
    expect(res.text).toContain('role="alert"');
  });

  it('refuses a cross-origin form post to the page (Astro checkOrigin)', async () => {
    const res = await send('/en/subscribe', { method: 'POST', from: '127.0.0.4', headers: formHeaders('https://evil.example'), body: form([['email', 'csrf-page@example.com']]) });
    expect(res.status).toBe(403);
    expect(subscriber('csrf-page@example.com')).toBeUndefined();
  });
});

describe('the JSON API and form endpoint', () => {
  it('answers known and unknown addresses byte-identically', async () => {
    const t = Date.now();
    db.insert(subscribers).values({ email: 'known@example.com', locale: 'en', createdAt: t, updatedAt: t, confirmedAt: t }).run();
    const replies = [];
    for (const email of ['known@example.com', 'unknown@example.com']) {
      const res = await send('/api/subscriptions', { method: 'POST', from: '127.0.0.5', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
      replies.push({ status: res.status, text: res.text, type: res.headers['content-type'], length: res.headers['content-length'] });
    }
    expect(replies[0]).toEqual(replies[1]);
    expect(replies[0]).toMatchObject({ status: 202, text: '{"status":"pending_confirmation"}' });
    expect(eventsFor(subscriber('known@example.com')!.id)).toHaveLength(0);
    expect(eventsFor(subscriber('unknown@example.com')!.id)).toHaveLength(1);
  });

  it('takes form posts from its own origin (303) and refuses others (403)', async () => {
    const ok = await send('/api/subscriptions', { method: 'POST', from: '127.0.0.6', headers: formHeaders(server.url), body: form([['email', 'api-form@example.com'], ['locale', 'en']]) });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/en/subscribe/sent');
    const evil = await send('/api/subscriptions', { method: 'POST', from: '127.0.0.6', headers: formHeaders('https://evil.example'), body: form([['email', 'api-csrf@example.com']]) });
    expect(evil.status).toBe(403);
    expect(JSON.parse(evil.text).error.code).toBe('cross_origin_refused');
    expect(subscriber('api-csrf@example.com')).toBeUndefined();
  });

  it('rate-limits by socket address: 429 with retry-after from one address, others unaffected', async () => {
    const post = (from: string, email: string) => send('/api/subscriptions', { method: 'POST', from, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email }) });
    for (let i = 0; i < 10; i++) expect((await post('127.0.0.7', `flood${i}@example.com`)).status).toBe(202);
    const refused = await post('127.0.0.7', 'flood10@example.com');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(590);
    expect(JSON.parse(refused.text).error.code).toBe('rate_limited');
    // The page form shares the limit.
    const page = await send('/en/subscribe', { method: 'POST', from: '127.0.0.7', headers: formHeaders(server.url), body: form([['email', 'flood11@example.com']]) });
    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.text).toContain('Too many requests');
    expect((await post('127.0.0.8', 'calm@example.com')).status).toBe(202);
  });
});

describe('the links in the emails', () => {
  it('confirm: a GET shows a button and changes nothing; the POST confirms and links to manage', async () => {
    await send('/api/subscriptions', { method: 'POST', from: '127.0.0.9', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'confirm@example.com', locale: 'en' }) });
    const id = subscriber('confirm@example.com')!.id;
    const path = `/en/subscribe/confirm?token=${encodeURIComponent(token('confirm', id))}`;
    const get = await send(path, { from: '127.0.0.9' });
    expect(get.status).toBe(200);
    expect(get.text).toContain('Confirm that confirm@example.com should receive status updates');
    expect(get.text).toMatch(/<form method="post" action="\/en\/subscribe\/confirm\?token=[^"]+"><input type="hidden" name="confirm" value="1"[^>]*><button type="submit"[^>]*>Confirm subscription<\/button>/);
    expect(subscriber('confirm@example.com')!.confirmedAt).toBeNull();
    const post = await send(path, { method: 'POST', from: '127.0.0.9', headers: formHeaders(server.url), body: 'confirm=1' });
    expect(post.status).toBe(200);
    expect(post.text).toContain('Subscription confirmed');
    expect(post.text).toMatch(/href="\/en\/subscriptions\/manage\?token=manage\.[^"]+"/);
    expect(subscriber('confirm@example.com')!.confirmedAt).toEqual(expect.any(Number));
  });

  it('confirm: a broken link gives a clear 400 page with the way back, no stack', async () => {
    const res = await send('/nl/subscribe/confirm?token=confirm.1.2.forged', { from: '127.0.0.9' });
    expect(res.status).toBe(400);
    expect(res.text).toContain('Deze link is niet geldig');
    expect(res.text).toContain('href="/nl/subscribe"');
    expect(res.text).not.toMatch(/at .*\.(ts|js|mjs):\d+/);
  });

  it('one-click unsubscribe: empty 200 with no Origin, effective at once', async () => {
    const t = Date.now();
    const id = db.insert(subscribers).values({ email: 'oneclick@example.com', locale: 'en', createdAt: t, updatedAt: t, confirmedAt: t }).returning().get().id;
    const res = await send(`/api/subscriptions/unsubscribe?token=${encodeURIComponent(token('unsubscribe', id))}`, { method: 'POST', from: '127.0.0.10', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(subscriber('oneclick@example.com')!.unsubscribedAt).toEqual(expect.any(Number));
  });

  it('unsubscribe page: a button, then the done page; a bad token is a clear error page', async () => {
    const t = Date.now();
    const id = db.insert(subscribers).values({ email: 'leaver@example.com', locale: 'en', createdAt: t, updatedAt: t, confirmedAt: t }).returning().get().id;
    const path = `/en/unsubscribe?token=${encodeURIComponent(token('unsubscribe', id))}`;
    const get = await send(path, { from: '127.0.0.11' });
    expect(get.status).toBe(200);
    expect(get.text).toContain('Stop all status emails to leaver@example.com?');
    expect(subscriber('leaver@example.com')!.unsubscribedAt).toBeNull();
    const post = await send(path, { method: 'POST', from: '127.0.0.11', headers: formHeaders(server.url), body: 'unsubscribe=1' });
    expect(post.status).toBe(200);
    expect(post.text).toContain('You are unsubscribed');
    expect(subscriber('leaver@example.com')!.unsubscribedAt).toEqual(expect.any(Number));
    const bad = await send('/en/unsubscribe?token=nope', { from: '127.0.0.11' });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('This link is not valid');
  });

  it('manage: changes services and language, then unsubscribes', async () => {
    const t = Date.now();
    const id = db.insert(subscribers).values({ email: 'manager@example.com', locale: 'en', createdAt: t, updatedAt: t, confirmedAt: t }).returning().get().id;
    const path = `/en/subscriptions/manage?token=${encodeURIComponent(token('manage', id))}`;
    const get = await send(path, { from: '127.0.0.12' });
    expect(get.status).toBe(200);
    expect(get.text).toContain('manager@example.com');
    expect(attr(get.text, 'service-web')).not.toContain('checked');
    const save = await send(path, { method: 'POST', from: '127.0.0.12', headers: formHeaders(server.url), body: form([['locale', 'nl'], ['services', 'web'], ['action', 'save']]) });
    expect(save.status).toBe(200);
    expect(save.text).toContain('Your preferences are saved.');
    expect(attr(save.text, 'service-web')).toContain('checked');
    expect(subscriber('manager@example.com')).toMatchObject({ locale: 'nl', allServices: false });
    const cross = await send(path, { method: 'POST', from: '127.0.0.12', headers: formHeaders('https://evil.example'), body: form([['action', 'unsubscribe']]) });
    expect(cross.status).toBe(403);
    const leave = await send(path, { method: 'POST', from: '127.0.0.12', headers: formHeaders(server.url), body: form([['action', 'unsubscribe']]) });
    expect(leave.text).toContain('You are unsubscribed. No more emails will be sent.');
    expect(subscriber('manager@example.com')!.unsubscribedAt).toEqual(expect.any(Number));
  });
});

describe('Resend webhooks', () => {
  it('suppresses a bounced address, ignores the replay and refuses a bad signature', async () => {
    const t = Date.now();
    db.insert(subscribers).values({ email: 'bouncy@example.com', locale: 'en', createdAt: t, updatedAt: t, confirmedAt: t }).run();
    const signed = signedWebhook(bounce(['bouncy@example.com']));
    const post = (s: { body: string; headers: Record<string, string> }) => send('/api/webhooks/resend', { method: 'POST', from: '127.0.0.13', headers: s.headers, body: s.body });
    const first = await post(signed);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.text)).toEqual({ status: 'processed' });
    const suppressedAt = subscriber('bouncy@example.com')!.suppressedAt;
    expect(suppressedAt).toEqual(expect.any(Number));
    const replay = await post(signed);
    expect(JSON.parse(replay.text)).toEqual({ status: 'ignored', reason: 'replay' });
    expect(subscriber('bouncy@example.com')!.suppressedAt).toBe(suppressedAt);
    const bad = await post({ ...signed, headers: { ...signed.headers, 'svix-signature': 'v1,AAAA' } });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.text).error.code).toBe('invalid_signature');
  });
});
