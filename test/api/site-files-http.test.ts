// What search engines, link previews and phones read, over real HTTP against the built server:
// robots.txt, sitemap.xml (parsed back with the `sitemap` package), the head of a page (description,
// canonical, Open Graph, theme colours for light and dark), the raster icons, and the footer link
// to the integrations page.
import { Readable } from 'node:stream';
import { XMLToSitemapItemStream, type SitemapItem } from 'sitemap';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { DAY, makeIncident, makeMaintenance, makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const T = Date.parse('2026-11-20T12:00:00Z');
const BASE = 'https://status.example.test';
let server: RunningServer;

beforeAll(async () => {
  const path = tempDbPath('site-files');
  const db = createDb(path);
  const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: T - 30 * DAY });
  makeIncident(db, { title: 'Web down', startedAt: T - 2 * DAY, resolvedAt: T - 2 * DAY + 3600_000, impacts: [{ serviceId: web, impact: 'major_outage', start: T - 2 * DAY, end: T - 2 * DAY + 3600_000 }] });
  makeMaintenance(db, { title: 'Kernel', serviceIds: [web], scheduledStart: T + DAY, scheduledEnd: T + DAY + 3600_000, announcedAt: T - DAY });
  db.$client.close();
  server = await startServer({ databasePath: path, env: { BAKEN_NOW: new Date(T).toISOString(), PUBLIC_URL: BASE } });
});
afterAll(() => server?.stop());

const text = async (p: string) => {
  const res = await fetch(`${server.url}${p}`);
  return { res, body: await res.text() };
};

describe('robots, sitemap, head and icons', () => {
  it('robots.txt keeps staff, token and embed pages out and names the sitemap', async () => {
    const { res, body } = await text('/robots.txt');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const lines = body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const p of ['/api/admin', '/nl/admin', '/en/admin', '/en/unsubscribe', '/nl/subscriptions', '/en/embed']) expect(lines).toContain(`Disallow: ${p}`);
    expect(lines).toContain(`Sitemap: ${BASE}/sitemap.xml`);
  });

  it('sitemap.xml lists every public page and record in both languages, with alternates', async () => {
    const { res, body } = await text('/sitemap.xml');
    expect(res.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    const items: SitemapItem[] = [];
    await new Promise<void>((resolve, reject) => Readable.from([body]).pipe(new XMLToSitemapItemStream()).on('data', (i: SitemapItem) => items.push(i)).on('end', resolve).on('error', reject));
    const urls = items.map((i) => i.url);
    const pages = ['/', '/incidents', '/sla', '/reports', '/subscribe', '/integrations', '/incidents/1', '/maintenance/1'];
    expect(urls.sort()).toEqual(pages.flatMap((p) => [`${BASE}/en${p}`, `${BASE}/nl${p}`]).sort());
    const incident = items.find((i) => i.url === `${BASE}/en/incidents/1`)!;
    expect(incident.links.map((l) => [l.lang, l.url])).toEqual([
      ['nl', `${BASE}/nl/incidents/1`],
      ['en', `${BASE}/en/incidents/1`],
    ]);
    expect(incident.lastmod).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('every page head: description, canonical, Open Graph, theme colours; the footer links the integrations page', async () => {
    const { body } = await text('/nl/');
    expect(body).toMatch(/<meta name="description" content="[^"]{20,}"/);
    expect(body).toContain(`<link rel="canonical" href="${BASE}/nl/"`);
    expect(body).toContain(`<meta property="og:url" content="${BASE}/nl/"`);
    expect(body).toContain('<meta property="og:locale" content="nl_NL"');
    expect(body).toContain('<meta property="og:site_name" content="Sensey"');
    expect(body).toMatch(/<meta property="og:title" content="[^"]+"/);
    expect(body).toContain('<meta name="theme-color" media="(prefers-color-scheme: light)" content="#f6f8fa"');
    expect(body).toContain('<meta name="theme-color" media="(prefers-color-scheme: dark)" content="#0d1117"');
    expect(body).toContain('<a href="/nl/integrations">Integraties: badges, insluiten, feeds, API</a>');
  });

  it('favicon.ico and apple-touch-icon.png are served as images', async () => {
    const ico = await fetch(`${server.url}/favicon.ico`);
    expect(ico.status).toBe(200);
    expect(ico.headers.get('content-type')).toBe('image/x-icon');
    const bytes = Buffer.from(await ico.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
    const touch = await fetch(`${server.url}/apple-touch-icon.png`);
    expect(touch.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await touch.arrayBuffer()).readUInt32BE(16)).toBe(180);
  });
});
