// The public response cache of the real built server, over real HTTP: ETags and 304, a write seen
// at once, compression, query normalisation, one render for many waiting readers, static assets,
// the routes it never caches, and stale-while-revalidate.
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { DAY, HOUR, makeIncident, makeService } from '../support/factories.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const TOKEN = 'cache-admin-token-0123456789abcdef';
const POLICY = 'public, max-age=10, stale-while-revalidate=60, stale-if-error=86400';
const T = Date.now();

async function world(env: Record<string, string> = {}): Promise<RunningServer> {
  const path = tempDbPath('cache');
  const db = createDb(path);
  const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 30 * DAY });
  makeService(db, { slug: 'mail', name: 'Mail', startDate: T - 30 * DAY });
  makeIncident(db, { title: 'Web down', startedAt: T - 2 * DAY, resolvedAt: T - 2 * DAY + HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: T - 2 * DAY, end: T - 2 * DAY + HOUR }] });
  db.$client.close();
  return startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, ...env } });
}

const header = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join(', ') : v);

describe('the public response cache', () => {
  let server: RunningServer;
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET') => rawRequest(server.url + path, { method, headers });
  const stats = async () => (await fetch(`${server.url}/api/admin/cache`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
  const createService = async (slug: string, name: string) => {
    const res = await fetch(`${server.url}/api/admin/services`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: JSON.stringify({ slug, name }) });
    expect(res.status).toBe(201);
  };

  beforeAll(async () => {
    server = await world();
  });
  afterAll(() => server?.stop());

  it('sends ready bytes: strong ETag, charset, Vary, Content-Length, the CDN policy and the security headers', async () => {
    const res = await get('/en/');
    expect(res.status).toBe(200);
    expect(res.headers['etag']).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['vary']).toBe('Accept-Encoding');
    expect(res.headers['cache-control']).toBe(POLICY);
    expect(Number(res.headers['content-length'])).toBe(res.body.length);
    expect(res.headers['transfer-encoding']).toBeUndefined();
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body.toString()).toContain('Webhosting');
  });

  it('answers 304 to a matching ETag (weak or strong form, or one of a list), 200 to another', async () => {
    const first = await get('/en/');
    const etag = header(first.headers['etag'])!;
    for (const inm of [etag, `W/${etag}`, `"nope", ${etag}`, '*']) {
      const res = await get('/en/', { 'if-none-match': inm });
      expect(res.status, inm).toBe(304);
      expect(res.body.length).toBe(0);
      expect(res.headers['etag']).toBe(etag);
      expect(res.headers['cache-control']).toBe(POLICY);
    }
    expect((await get('/en/', { 'if-none-match': '"nope"' })).status).toBe(200);
    const head = await get('/en/', {}, 'HEAD');
    expect([head.status, head.headers['content-length'], head.body.length, head.headers['etag']]).toEqual([200, String(first.body.length), 0, etag]);
  });

  it('changes the ETag after a write and shows the write on the very next request', async () => {
    const before = await get('/en/');
    expect(before.body.toString()).not.toContain('Object storage');
    await createService('storage', 'Object storage');
    const after = await get('/en/');
    expect(after.headers['x-cache']).toBe('MISS');
    expect(after.body.toString()).toContain('Object storage');
    expect(after.headers['etag']).not.toBe(before.headers['etag']);
    expect((await get('/en/', { 'if-none-match': header(before.headers['etag'])! })).status).toBe(200);
    expect((await get('/en/', { 'if-none-match': header(after.headers['etag'])! })).status).toBe(304);
  });

  it('negotiates brotli and gzip, each with its own ETag and length, decoding to the same bytes', async () => {
    for (const path of ['/en/', '/api/v2/summary.json', '/nl/feed.rss']) {
      const plain = await get(path);
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      const cases: [string, string | undefined, (b: Buffer) => Buffer][] = [
        ['br', 'br', brotliDecompressSync],
        ['gzip', 'gzip', gunzipSync],
        ['gzip, deflate, br', 'br', brotliDecompressSync],
        ['br;q=0.5, gzip', 'gzip', gunzipSync],
        ['deflate', undefined, (b) => b],
        ['identity', undefined, (b) => b],
        ['br;q=0, gzip;q=0', undefined, (b) => b],
      ];
      for (const [accept, encoding, decode] of cases) {
        const res = await get(path, { 'accept-encoding': accept });
        expect(res.headers['content-encoding'], `${path} ${accept}`).toBe(encoding);
        expect(Number(res.headers['content-length'])).toBe(res.body.length);
        expect(decode(res.body).equals(plain.body), `${path} ${accept}`).toBe(true);
        expect(res.headers['vary']).toBe('Accept-Encoding');
        if (encoding) {
          expect(res.body.length).toBeLessThan(plain.body.length);
          expect(res.headers['etag']).toBe(`${header(plain.headers['etag'])!.slice(0, -1)}-${encoding === 'gzip' ? 'gz' : 'br'}"`);
          // The identity ETag a client kept still validates the compressed answer.
          expect((await get(path, { 'accept-encoding': accept, 'if-none-match': header(plain.headers['etag'])! })).status).toBe(304);
        }
      }
    }
  });

  it('ignores query parameters a page does not use: same body, no new entry, no render', async () => {
    const base = await get('/en/sla');
    const { entries, renders } = await stats();
    const bodies = await Promise.all(Array.from({ length: 40 }, (_, i) => get(`/en/sla?r=${Math.random()}&utm_source=x${i}`)));
    expect(bodies.every((b) => b.status === 200 && b.body.equals(base.body) && b.headers['etag'] === base.headers['etag'])).toBe(true);
    expect(await stats()).toMatchObject({ entries, renders });
    // A declared parameter in its canonical form is the same page too.
    const history = await get('/en/incidents');
    const pageOne = await get('/en/incidents?page=1&r=7');
    expect(pageOne.body.equals(history.body)).toBe(true);
    expect(pageOne.headers['x-cache']).toBe('HIT');
  });

  it('renders once after a write, however many readers wait', async () => {
    await get('/en/');
    await createService('dns', 'DNS');
    const { renders } = await stats();
    const answers = await Promise.all(Array.from({ length: 30 }, () => get('/en/')));
    expect(new Set(answers.map((a) => a.headers['etag'])).size).toBe(1);
    expect(answers.every((a) => a.body.toString().includes('DNS'))).toBe(true);
    expect((await stats()).renders).toBe(renders + 1);
  });

  it('serves the built assets from memory, hashed ones as immutable', async () => {
    const page = (await get('/en/')).body.toString();
    const css = /href="(\/_astro\/[^"]+\.css)"/.exec(page)?.[1];
    expect(css).toBeDefined();
    const res = await get(css!, { 'accept-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toContain('{');
    expect((await get('/favicon.svg')).headers['cache-control']).toBe('public, max-age=3600');
  });

  it('puts feeds, the calendar, report files and the public JSON through the same cache', async () => {
    for (const [path, type] of [
      ['/api/v2/summary.json', 'application/json; charset=utf-8'],
      ['/api/uptime.json?days=7', 'application/json; charset=utf-8'],
      ['/en/feed.atom', 'application/atom+xml; charset=utf-8'],
      ['/feed.json', 'application/feed+json; charset=utf-8'],
      ['/maintenance.ics', 'text/calendar; charset=utf-8'],
      [`/reports/${new Date().getUTCFullYear()}.csv`, 'text/csv; charset=utf-8'],
    ]) {
      await get(path!);
      const res = await get(path!);
      expect([res.status, res.headers['x-cache'], res.headers['cache-control']], path).toEqual([200, 'HIT', POLICY]);
      expect(res.headers['content-type'], path).toBe(type);
    }
    const days = await get('/api/uptime.json?days=007&x=1');
    expect(days.headers['x-cache']).toBe('HIT');
  });

  it('never caches admin, subscriber and token pages, nor errors', async () => {
    const { entries } = await stats();
    // Token pages never reach the cache; error answers are rendered each time and not kept.
    const expected: [string, number, string | undefined][] = [
      ['/en/subscribe', 200, undefined],
      ['/nl/unsubscribe?token=nope', 400, undefined],
      ['/en/no-such-page', 404, 'MISS'],
      ['/api/uptime.json?days=500', 400, 'MISS'],
    ];
    for (const [path, status, state] of expected) {
      for (let i = 0; i < 2; i++) {
        const res = await get(path);
        expect([res.status, res.headers['x-cache']], path).toEqual([status, state]);
      }
    }
    const adminAnswer = await get('/api/admin/services', { authorization: `Bearer ${TOKEN}` });
    expect([adminAnswer.status, adminAnswer.headers['x-cache']]).toEqual([200, undefined]);
    // …and tell any cache in front not to keep them either.
    for (const res of [adminAnswer, await get('/en/subscribe'), await get('/nl/subscriptions/manage?token=x')]) expect(res.headers['cache-control']).toBe('private, no-store');
    expect((await stats()).entries).toBe(entries);
  });

  it('answers the default-locale redirect before Astro, with the security headers', async () => {
    const res = await get('/incidents?page=2');
    expect([res.status, res.headers['location']]).toEqual([302, '/nl/incidents?page=2']);
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('stale-while-revalidate', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await world({ BAKEN_CACHE_MAX_AGE: '1' });
  });
  afterAll(() => server?.stop());

  it('after max-age, answers the old bytes at once with their Age and re-renders in the background', async () => {
    const get = (path: string) => rawRequest(server.url + path);
    const first = await get('/en/sla');
    expect(first.headers['cache-control']).toBe('public, max-age=1, stale-while-revalidate=60, stale-if-error=86400');
    await new Promise((r) => setTimeout(r, 1100));
    const stale = await get('/en/sla');
    expect(stale.headers['x-cache']).toBe('STALE');
    expect(Number(stale.headers['age'])).toBeGreaterThanOrEqual(1);
    expect(stale.body.equals(first.body)).toBe(true);
    // The background render has replaced it a moment later.
    const deadline = Date.now() + 5000;
    let fresh = await get('/en/sla');
    while (fresh.headers['x-cache'] !== 'HIT' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      fresh = await get('/en/sla');
    }
    expect([fresh.headers['x-cache'], fresh.headers['age']]).toEqual(['HIT', '0']);
    const figures = await (await fetch(`${server.url}/api/admin/cache`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
    expect(figures.backgroundRenders).toBeGreaterThanOrEqual(1);
  });
});
