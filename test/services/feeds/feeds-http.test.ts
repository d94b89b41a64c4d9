// Feeds over real HTTP against the built server: content types on every path, the
// <link rel="alternate"> tags on the pages of both locales, and the response cache noticing a row
// written through another connection (the next /feed.json shows it).
import { parseFeed } from '@rowanmanning/feed-parser';
import ical from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { DAY, HOUR, makeIncident, makeMaintenance, makeService } from '../../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const T = Date.now();
const MIN = 60_000;

describe('feeds over HTTP', () => {
  let server: RunningServer;
  let path: string;
  let web: number;

  beforeAll(async () => {
    path = tempDbPath('feeds-http');
    const db = createDb(path);
    web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 30 * DAY });
    makeIncident(db, { title: 'Web down', startedAt: T - 2 * HOUR, resolvedAt: T - HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: T - 2 * HOUR, end: T - HOUR }] });
    makeMaintenance(db, { title: 'Kernel upgrade', serviceIds: [web], scheduledStart: T + 3 * DAY, scheduledEnd: T + 3 * DAY + HOUR, announcedAt: T - DAY });
    db.$client.close();
    server = await startServer({ databasePath: path });
  });
  afterAll(() => server?.stop());

  it('answers every feed path with its content type, parsable, with links under PUBLIC_URL', async () => {
    const types = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' };
    for (const prefix of ['', '/nl', '/en', '/services/web', '/en/services/web'])
      for (const format of ['rss', 'atom', 'json'] as const) {
        const res = await fetch(`${server.url}${prefix}/feed.${format}`, { redirect: 'manual' });
        expect(res.status, `${prefix}/feed.${format}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(types[format]);
        const body = await res.text();
        const urls = format === 'json' ? JSON.parse(body).items.map((i: any) => i.url) : parseFeed(body).items.map((i) => i.url);
        const locale = prefix.startsWith('/en') ? 'en' : 'nl';
        expect(urls).toEqual([`${server.url}/${locale}/incidents/1`, `${server.url}/${locale}/maintenance/1`]);
      }
    const ics = await fetch(`${server.url}/maintenance.ics`, { redirect: 'manual' });
    expect(ics.status).toBe(200);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const event = Object.values(ical.sync.parseICS(await ics.text())).find((c) => c?.type === 'VEVENT');
    expect(event && 'uid' in event ? event.uid : undefined).toBe('maintenance-1@127.0.0.1');

    const missing = await fetch(`${server.url}/services/nope/feed.rss`);
    expect(missing.status).toBe(404);
    expect((await missing.json()).error.code).toBe('not_found');
  });

  it('links the feeds and the calendar from the pages of both locales', async () => {
    for (const locale of ['en', 'nl']) {
      const html = await (await fetch(`${server.url}/${locale}/`)).text();
      const links = [...html.matchAll(/<link rel="alternate" type="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]);
      expect(links).toEqual([
        ['application/rss+xml', `/${locale}/feed.rss`],
        ['application/atom+xml', `/${locale}/feed.atom`],
        ['application/feed+json', `/${locale}/feed.json`],
        ['text/calendar', `/${locale}/maintenance.ics`],
      ]);
      const incident = await (await fetch(`${server.url}/${locale}/incidents/1`)).text();
      expect(incident).toContain(`<link rel="alternate" type="application/rss+xml" href="/${locale}/feed.rss"`);
    }
  });

  it('shows an incident inserted through another connection on the next /feed.json', async () => {
    const first = await fetch(`${server.url}/feed.json`);
    const before = await first.json();
    const cached = await fetch(`${server.url}/feed.json`);
    expect(cached.headers.get('x-cache')).toBe('HIT');
    expect((await cached.json()).items.map((i: any) => i.title)).toEqual(before.items.map((i: any) => i.title));

    const other = createDb(path);
    try {
      makeIncident(other, { title: 'Mail queue stuck', startedAt: Date.now() - MIN, impacts: [{ serviceId: web, impact: 'partial_outage', start: Date.now() - MIN, end: null }] });
    } finally {
      other.$client.close();
    }
    // Other connections' commits are looked for every 50 ms.
    await new Promise((r) => setTimeout(r, 60));

    const after = await fetch(`${server.url}/feed.json`);
    expect(after.headers.get('x-cache')).toBe('MISS');
    const feed = await after.json();
    expect(feed.items[0]).toMatchObject({ title: 'Mail queue stuck', id: `${server.url}/incidents/2`, url: `${server.url}/nl/incidents/2` });
    expect(feed.items.slice(1).map((i: any) => i.id)).toEqual(before.items.map((i: any) => i.id));
  });
});
