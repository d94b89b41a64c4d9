// RSS 2.0, Atom 1.0 and JSON Feed 1.1 in-process, each parsed by a real parser
// (@rowanmanning/feed-parser for the XML, JSON.parse plus the 1.1 field names for JSON Feed), on the
// world of ./world.ts: exact entries, ids, times, links, sanitised content and both locales.
import { describe, expect, it } from 'vitest';
import { incidentUpdates, services } from '../../../db/schema.ts';
import { eq } from 'drizzle-orm';
import { FEED_LIMIT } from '../../../src/services/feeds/feeds.ts';
import { DAY, HOUR, makeIncident, makeService } from '../../support/factories.ts';
import { MIN, NOW, U, feedWorld, iso, statusWorld } from './world.ts';
import { ON_PG } from '../../support/engine.ts';

const EN_TITLES = ['Mail delays', 'Post-incident report: Web down', 'Web down', 'Planned maintenance: Kernel upgrade', 'Planned maintenance: Mail move', 'Old mail outage'];
const IDS = [`${U}/incidents/2`, `${U}/incidents/1#report`, `${U}/incidents/1`, `${U}/maintenance/1`, `${U}/maintenance/2`, `${U}/incidents/3`];
// updated: the last timeline update (or publication); published: creation (or publication).
const UPDATED = [NOW - 20 * MIN, NOW - 30 * MIN, NOW - HOUR, NOW - DAY, NOW - 4 * DAY, NOW - 10 * DAY].map(iso);
const PUBLISHED = [NOW - 20 * MIN, NOW - 30 * MIN, NOW - 3 * HOUR, NOW - DAY, NOW - 6 * DAY, NOW - 10 * DAY - HOUR].map(iso);
const EN_LINKS = [`${U}/en/incidents/2`, `${U}/en/incidents/1#report`, `${U}/en/incidents/1`, `${U}/en/maintenance/1`, `${U}/en/maintenance/2`, `${U}/en/incidents/3`];

const CONTENT_TYPES = { rss: 'application/rss+xml; charset=utf-8', atom: 'application/atom+xml; charset=utf-8', json: 'application/feed+json; charset=utf-8' };

describe('whole-page feeds', () => {
  it('Atom: every incident, window and published report, newest update first, with stable ids, times and absolute links', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const feed = await w.xml('/en/feed.atom');
    expect(feed.meta).toEqual({ type: 'atom', version: '1.0' });
    expect(feed.title).toBe('Sensey status');
    expect(feed.description).toBe('Incidents, planned maintenance and post-incident reports of Sensey services.');
    expect(feed.language).toBe('en');
    expect(feed.url).toBe(`${U}/en/`);
    expect(feed.self).toBe(`${U}/en/feed.atom`);
    expect(feed.updated?.toISOString()).toBe(iso(NOW - 20 * MIN));
    expect(feed.items.map((i) => i.title)).toEqual(EN_TITLES);
    expect(feed.items.map((i) => i.id)).toEqual(IDS);
    expect(feed.items.map((i) => i.updated?.toISOString())).toEqual(UPDATED);
    expect(feed.items.map((i) => i.published?.toISOString())).toEqual(PUBLISHED);
    expect(feed.items.map((i) => i.url)).toEqual(EN_LINKS);
    expect(feed.items.map((i) => i.categories.map((c) => c.term))).toEqual([['incident'], ['report'], ['incident'], ['maintenance'], ['maintenance'], ['incident']]);
  });

  it('RSS: the same entries, guid = the stable id, pubDate = first publication, <atom:updated> = last change', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const raw = await w.text('/en/feed.rss', CONTENT_TYPES.rss);
    const { parseFeed } = await import('@rowanmanning/feed-parser');
    const feed = parseFeed(raw);
    expect(feed.meta).toEqual({ type: 'rss', version: '2.0' });
    expect(feed.title).toBe('Sensey status');
    expect(feed.self).toBe(`${U}/en/feed.rss`);
    expect(feed.url).toBe(`${U}/en/`);
    expect(feed.items.map((i) => i.title)).toEqual(EN_TITLES);
    expect(feed.items.map((i) => i.id)).toEqual(IDS);
    expect(feed.items.map((i) => i.url)).toEqual(EN_LINKS);
    expect(feed.items.map((i) => i.published?.toISOString())).toEqual(PUBLISHED);
    expect([...raw.matchAll(/<atom:updated>([^<]+)<\/atom:updated>/g)].map((m) => m[1])).toEqual(UPDATED);
    expect(feed.items[0]!.description).toBe('Investigating – Mail');
  });

  it('JSON Feed 1.1: version, self and home links, language, items with ids, dates, links, HTML and tags', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const feed = await w.json('/en/feed.json');
    expect(feed.version).toBe('https://jsonfeed.org/version/1.1');
    expect(feed).toMatchObject({ title: 'Sensey status', home_page_url: `${U}/en/`, feed_url: `${U}/en/feed.json`, language: 'en', authors: [{ name: 'Sensey', url: U }] });
    expect(feed.author).toBeUndefined();
    expect(feed.items.map((i: any) => i.title)).toEqual(EN_TITLES);
    expect(feed.items.map((i: any) => i.id)).toEqual(IDS);
    expect(feed.items.map((i: any) => i.url)).toEqual(EN_LINKS);
    expect(feed.items.map((i: any) => i.date_modified)).toEqual(UPDATED);
    expect(feed.items.map((i: any) => i.date_published)).toEqual(PUBLISHED);
    expect(feed.items.map((i: any) => i.tags)).toEqual([['incident'], ['report'], ['incident'], ['maintenance'], ['maintenance'], ['incident']]);
    for (const item of feed.items) expect(typeof item.content_html).toBe('string');
  });

  it('an incident entry is its timeline, latest first: localized status label, time, sanitised HTML', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const raw = await w.text('/en/feed.atom');
    expect(raw).not.toMatch(/<script/i);
    const html = (await w.json('/en/feed.json')).items[2].content_html as string;
    expect(html).not.toMatch(/<script|alert/i);
    expect(html).toContain('We are <strong>looking</strong> into it.');
    expect(html).toContain('<strong>Affected services</strong>: Webhosting');
    const labels = [...html.matchAll(/<li><p><strong>([^<]+)<\/strong> · <time datetime="([^"]+)">([^<]+)<\/time><\/p>/g)].map((m) => [m[1], m[2], m[3]]);
    expect(labels).toEqual([
      ['Resolved', iso(NOW - HOUR), '24 November 2026 at 12:00 CET'],
      ['Identified', iso(NOW - 2 * HOUR), '24 November 2026 at 11:00 CET'],
      ['Investigating', iso(NOW - 3 * HOUR), '24 November 2026 at 10:00 CET'],
    ]);
    // The Atom parser sees the same content.
    const atom = await w.xml('/en/feed.atom');
    expect(atom.items[2]!.content).toContain('We are <strong>looking</strong> into it.');
    expect(atom.items[2]!.content).not.toMatch(/<script/i);
  });

  it('a maintenance entry: window, status, services, body and later updates; a report entry: its sanitised body and publication', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const items = (await w.json('/en/feed.json')).items;
    expect(items[3].content_html).toBe(
      '<p><strong>Scheduled window</strong>: 26 Nov 2026, 13:00–15:00 CET<br><strong>Status</strong>: Scheduled<br><strong>Affected services</strong>: Webhosting</p><p>Reboots of <strong>every</strong> web server.</p>\n',
    );
    expect(items[4].content_html).toContain('<strong>Status</strong>: Cancelled');
    expect(items[4].content_html).toContain('<li><p><strong>Cancelled</strong> · <time datetime="2026-11-20T12:00:00.000Z">20 November 2026 at 13:00 CET</time></p><p>Postponed to next year.</p>');
    expect(items[1].content_html).toContain('Root cause: a <strong>full disk</strong>.');
    expect(items[1].content_html).toContain(`<a href="${U}/en/incidents/1">Web down</a>`);
    // The draft report of incident 3 is nowhere.
    expect(JSON.stringify(items)).not.toContain('Draft');
  });

  it('/feed.* is the default locale (nl) with unprefixed self links; /nl/ and /en/ differ in labels, not in ids', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const plain = await w.json('/feed.json');
    const nl = await w.json('/nl/feed.json');
    const en = await w.json('/en/feed.json');
    expect(plain.feed_url).toBe(`${U}/feed.json`);
    expect(nl.feed_url).toBe(`${U}/nl/feed.json`);
    expect({ ...plain, feed_url: null }).toEqual({ ...nl, feed_url: null });
    expect(nl.title).toBe('Status van Sensey');
    expect(nl.language).toBe('nl');
    expect(nl.items.map((i: any) => i.title)).toEqual(['Mail delays', 'Evaluatie na de storing: Web down', 'Web down', 'Gepland onderhoud: Kernel upgrade', 'Gepland onderhoud: Mail move', 'Old mail outage']);
    expect(nl.items.map((i: any) => i.id)).toEqual(en.items.map((i: any) => i.id));
    expect(nl.items[2].url).toBe(`${U}/nl/incidents/1`);
    expect(nl.items[2].content_html).toContain('<strong>Opgelost</strong> · <time datetime="2026-11-24T11:00:00.000Z">24 november 2026 om 12:00 CET</time>');
    expect(nl.items[2].content_html).toContain('<strong>Wordt onderzocht</strong>');
    expect(en.items[2].content_html).not.toContain('Opgelost');
    expect(nl.items[2].content_html).not.toContain('Resolved');
    const nlAtom = await w.xml('/nl/feed.atom');
    expect(nlAtom.language).toBe('nl');
    expect(nlAtom.items[0]!.description).toBe('Wordt onderzocht – Mail');
  });

  it('ids and the whole body are stable across requests; a write shows on the next request with the same ids', async () => {
    const w = feedWorld();
    const { mailDelays } = statusWorld(w.db);
    for (const format of ['rss', 'atom', 'json'] as const) expect(await w.text(`/feed.${format}`, CONTENT_TYPES[format])).toBe(await w.text(`/feed.${format}`));

    w.db.insert(incidentUpdates).values({ incidentId: mailDelays, status: 'identified', body: 'A queue is stuck.', createdAt: NOW - 5 * MIN }).run();
    const fresh = makeIncident(w.db, { title: 'DNS failure', startedAt: NOW - 10 * MIN, impacts: [] });
    const feed = await w.xml('/en/feed.atom');
    expect(feed.items.map((i) => i.id)).toEqual([`${U}/incidents/2`, `${U}/incidents/${fresh}`, ...IDS.slice(1)]);
    expect(feed.items[0]!.updated?.toISOString()).toBe(iso(NOW - 5 * MIN));
    expect(feed.items[0]!.published?.toISOString()).toBe(iso(NOW - 20 * MIN));
    expect(feed.items[0]!.content).toContain('A queue is stuck.');
    expect(feed.items[1]!.title).toBe('DNS failure');
  });

  it(`keeps the latest ${FEED_LIMIT} entries, newest first`, async () => {
    const w = feedWorld();
    const web = makeService(w.db, { slug: 'web' });
    for (let n = 1; n <= FEED_LIMIT + 5; n++) {
      const at = NOW - (FEED_LIMIT + 6 - n) * HOUR; // incident n is newer than n − 1
      makeIncident(w.db, { title: `Incident ${n}`, startedAt: at, resolvedAt: at + MIN, impacts: [{ serviceId: web, impact: 'degraded_performance', start: at, end: at + MIN }], updates: [{ status: 'resolved', body: 'Fixed.', at: at + MIN }] });
    }
    const expected = Array.from({ length: FEED_LIMIT }, (_, k) => `Incident ${FEED_LIMIT + 5 - k}`);
    expect((await w.json('/feed.json')).items.map((i: any) => i.title)).toEqual(expected);
    expect((await w.xml('/feed.rss')).items.map((i) => i.title)).toEqual(expected);
    expect((await w.xml('/services/web/feed.atom')).items).toHaveLength(FEED_LIMIT);
  });

  it('drops the characters XML forbids, so one NUL in a title cannot make a feed unreadable', async () => {
    const w = feedWorld();
    const web = makeService(w.db, { slug: 'web', name: 'Web\u0007', startDate: NOW - 30 * DAY });
    makeIncident(w.db, { title: 'Web\u0000 down\u001b[0m \uFFFF\uD800 \u{1F525}', startedAt: NOW - HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: NOW - HOUR, end: null }] });
    // XML 1.0 Char: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
    const illegal = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
    for (const path of ['/en/feed.atom', '/en/feed.rss', '/en/services/web/feed.atom', '/en/maintenance.ics']) expect(illegal.test(await w.text(path)), path).toBe(false);
    // (SQLite stores text as UTF-8, so the lone surrogate comes back as U+FFFD, a legal character.)
    expect((await w.xml('/en/feed.atom')).items.map((i) => i.title)).toEqual(['Web down[0m \uFFFD \u{1F525}']);
    expect((await w.xml('/en/feed.rss')).items.map((i) => i.title)).toEqual(['Web down[0m \uFFFD \u{1F525}']);
    // JSON escapes every character, so the JSON Feed keeps the title as stored: as written, but on
    // PostgreSQL without the U+0000 its text cannot hold (dropped when written).
    expect((await w.json('/en/feed.json')).items.map((i: { title: string }) => i.title)).toEqual([`Web${ON_PG ? '' : '\u0000'} down\u001b[0m \uFFFF\uFFFD \u{1F525}`]);
  });

  it('an empty page has valid, empty feeds', async () => {
    const w = feedWorld();
    expect((await w.xml('/feed.atom')).items).toEqual([]);
    expect((await w.xml('/feed.rss')).items).toEqual([]);
    expect((await w.json('/feed.json')).items).toEqual([]);
  });
});

describe('per-service feeds', () => {
  it('only incidents and windows of that service, and reports of those incidents', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    const web = await w.xml('/en/services/web/feed.atom');
    expect(web.title).toBe('Sensey status: Webhosting');
    expect(web.self).toBe(`${U}/en/services/web/feed.atom`);
    expect(web.items.map((i) => i.title)).toEqual(['Post-incident report: Web down', 'Web down', 'Planned maintenance: Kernel upgrade']);
    expect(web.items.map((i) => i.id)).toEqual([`${U}/incidents/1#report`, `${U}/incidents/1`, `${U}/maintenance/1`]);

    // Mail: the draft report of incident 3 stays out; Webhosting's incident and window are absent.
    const mail = await w.json('/services/mail/feed.json');
    expect(mail.feed_url).toBe(`${U}/services/mail/feed.json`);
    expect(mail.title).toBe('Status van Sensey: Mail');
    expect(mail.items.map((i: any) => i.title)).toEqual(['Mail delays', 'Gepland onderhoud: Mail move', 'Old mail outage']);
    expect(JSON.stringify(mail)).not.toContain('Web down');

    const rss = await w.xml('/nl/services/mail/feed.rss');
    expect(rss.items.map((i) => i.id)).toEqual([`${U}/incidents/2`, `${U}/maintenance/2`, `${U}/incidents/3`]);
  });

  it('an incident on two services appears in both feeds', async () => {
    const w = feedWorld();
    const { web, mail } = statusWorld(w.db);
    makeIncident(w.db, { title: 'Network', startedAt: NOW - 5 * MIN, impacts: [{ serviceId: web, impact: 'partial_outage', start: NOW - 5 * MIN, end: null }, { serviceId: mail, impact: 'partial_outage', start: NOW - 5 * MIN, end: null }] });
    expect((await w.json('/en/services/web/feed.json')).items[0].title).toBe('Network');
    expect((await w.json('/en/services/mail/feed.json')).items[0].title).toBe('Network');
  });

  it('unknown and archived services: 404 with the JSON error shape, in every format and locale', async () => {
    const w = feedWorld();
    const { web } = statusWorld(w.db);
    w.db.update(services).set({ archivedAt: NOW - DAY }).where(eq(services.id, web)).run();
    for (const path of ['/services/nope/feed.rss', '/en/services/nope/feed.atom', '/nl/services/nope/feed.json', '/services/web/feed.json']) {
      const res = await w.app.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(Object.keys(body.error).sort()).toEqual(['code', 'message']);
      expect(body.error.code).toBe('not_found');
    }
  });
});

describe('content types', () => {
  it('every feed path answers with its format', async () => {
    const w = feedWorld();
    statusWorld(w.db);
    for (const prefix of ['', '/nl', '/en', '/services/web', '/en/services/mail', '/nl/services/web'])
      for (const format of ['rss', 'atom', 'json'] as const) {
        const res = await w.app.request(`${prefix}/feed.${format}`);
        expect(res.status, `${prefix}/feed.${format}`).toBe(200);
        expect(res.headers.get('content-type')).toBe(CONTENT_TYPES[format]);
        await res.arrayBuffer();
      }
    expect((await w.app.request('/maintenance.ics')).headers.get('content-type')).toBe('text/calendar; charset=utf-8');
  });
});
