// The cache's byte bound on the real server: with BAKEN_CACHE_MB=0.1 and more pages than fit, the
// bytes held never pass the bound, and the least recently used page is the one that goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { DAY, HOUR, makeIncident, makeService } from '../support/factories.ts';
import { rawRequest } from '../support/raw-http.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const TOKEN = 'bound-admin-token-0123456789abcdef';
const INCIDENTS = 12;
let server: RunningServer;

beforeAll(async () => {
  const path = tempDbPath('bound');
  const db = createDb(path);
  const T = Date.now();
  const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 60 * DAY });
  for (let i = 0; i < INCIDENTS; i++) {
    const start = T - (i + 2) * DAY;
    makeIncident(db, { title: `Incident ${i + 1}`, startedAt: start, resolvedAt: start + HOUR, impacts: [{ serviceId: web, impact: 'partial_outage', start, end: start + HOUR }] });
  }
  db.$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, BAKEN_CACHE_MB: '0.1' } });
});
afterAll(() => server?.stop());

const stats = async () => (await fetch(`${server.url}/api/admin/cache`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
const state = async (path: string) => {
  const res = await rawRequest(server.url + path, { headers: { 'accept-encoding': 'br' } });
  expect(res.status, path).toBe(200);
  return res.headers['x-cache'];
};

describe('the byte bound', () => {
  it('holds at most BAKEN_CACHE_MB and evicts the least recently used page', async () => {
    const maxBytes = Math.round(0.1 * 1024 * 1024);
    const hot = '/en/';
    const pages = Array.from({ length: INCIDENTS }, (_, i) => [`/en/incidents/${i + 1}`, `/nl/incidents/${i + 1}`]).flat();
    expect(await state(hot)).toBe('MISS');
    for (const page of pages) {
      expect(await state(page)).toBe('MISS');
      // The hot page is used between every other page, so it is never the least recently used.
      expect(await state(hot)).toBe('HIT');
      const s = await stats();
      expect(s.maxBytes).toBe(maxBytes);
      expect(s.bytes).toBeLessThanOrEqual(maxBytes);
    }
    const s = await stats();
    expect(s.entries).toBeLessThan(pages.length);
    // Every render was a 200 and was stored (the harness's start-up probe of status.json among them).
    expect(s.evicted).toBe(s.renders - s.entries);
    expect(s.evicted).toBeGreaterThanOrEqual(pages.length + 1 - s.entries);
    // The first pages went first; the last one is still there.
    expect(await state(pages.at(-1)!)).toBe('HIT');
    expect(await state(pages[0]!)).toBe('MISS');
  });
});
