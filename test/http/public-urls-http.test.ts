// Every absolute URL the server writes — in pages, feeds, the calendar, report files, the API and
// the emails — comes from PUBLIC_URL, whatever Host / X-Forwarded-Host the request carries; and no
// redirect leaves the site, however the path is bent (`//evil.example`, `/\evil.example`, …).
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { listMailbox, type MailboxEntry } from '../../src/services/mail/mailer.ts';
import { rawAgent, rawRequest } from '../support/raw-http.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';

const PUBLIC_URL = 'https://status.example.test';
const TOKEN = 'urls-admin-token-0123456789abcdefghij';
const FORGED = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http', forwarded: 'host=evil.example' };
// Absolute URLs that are names, not links to us: XML namespaces, format versions, generators.
// The demo's incident messages link to two outside sites on their authors' behalf.
const NOT_OURS = [/^https:\/\/sensey\.nl\/sla$/, /^https:\/\/letsencrypt\.status\.io$/, /^http:\/\/www\.w3\.org\//, /^https:\/\/jsonfeed\.org\/version\//, /^http:\/\/purl\.org\//, /^https:\/\/validator\.w3\.org\/feed\/docs\/rss2\.html$/, /^https:\/\/github\.com\/jpmonette\/feed$/];

let server: RunningServer;
let mailbox: string;

beforeAll(async () => {
  const path = tempDbPath('public-urls');
  const db = createDb(path);
  seedDemo(db, { now: Date.now(), timeZone: 'Europe/Amsterdam' });
  db.$client.close();
  mailbox = join(dirname(path), 'mailbox');
  server = await startServer({ databasePath: path, env: { PUBLIC_URL, ADMIN_TOKEN: TOKEN, BAKEN_SECRET: 'urls-test-secret-0123456789abcdefghijklm' } });
});
afterAll(async () => {
  rawAgent.destroy();
  await server?.stop();
});

const get = (path: string) => rawRequest(server.url, { method: 'GET', path, headers: FORGED, timeoutMs: 5000 });

/** Absolute http(s) URLs in `text` (attributes, JSON strings, plain text), HTML entities undone. */
function absoluteUrls(text: string): string[] {
  const decoded = text.replace(/&amp;/g, '&').replace(/&#x2F;/gi, '/').replace(/\\\//g, '/');
  return [...decoded.matchAll(/https?:\/\/[^\s"'<>()\\]+/g)].map((m) => m[0]);
}

function foreign(urls: string[]): string[] {
  return urls.filter((u) => !(u === PUBLIC_URL || u.startsWith(`${PUBLIC_URL}/`)) && !NOT_OURS.some((re) => re.test(u)));
}

async function waitForMail(match: (e: MailboxEntry) => boolean): Promise<MailboxEntry> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = (await listMailbox(mailbox)).find(match);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('no such email in the dev mailbox');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('absolute URLs come from PUBLIC_URL', () => {
  it('in every page, feed, calendar, report file and API answer, with a forged Host', async () => {
    const home = await get('/en/');
    const incident = /href="(\/en\/incidents\/\d+)"/.exec(home.text)?.[1] ?? /href="(\/en\/incidents\/\d+)"/.exec((await get('/en/incidents')).text)![1]!;
    const maintenance = /href="(\/en\/maintenance\/\d+)"/.exec(home.text)![1]!;
    const paths = [
      '/nl/', '/en/', '/en/incidents', incident, maintenance, '/en/sla', '/en/reports', '/en/reports/2026', '/nl/subscribe', '/en/subscribe/sent', '/en/unsubscribe?token=x', '/en/subscriptions/manage?token=x', '/en/subscribe/confirm?token=x', '/en/nope',
      '/feed.rss', '/feed.atom', '/feed.json', '/en/feed.rss', '/en/feed.atom', '/en/feed.json', '/services/web-hosting/feed.rss', '/en/services/email/feed.atom', '/maintenance.ics', '/en/maintenance.ics',
      '/reports/2026.json', '/reports/2026.csv', '/api/v2/summary.json', '/api/v2/incidents.json', '/api/v2/scheduled-maintenances.json', '/api/uptime.json', '/api/admin/docs', '/api/admin/openapi.json',
    ];
    let urls = 0;
    const found: Record<string, string[]> = {};
    for (const path of paths) {
      const res = await get(path);
      // A bad token is a 400 page; an unknown path the 404 page.
      expect({ path, status: res.status }).toEqual({ path, status: path === '/en/nope' ? 404 : path.includes('token=x') ? 400 : 200 });
      const all = absoluteUrls(res.text);
      urls += all.length;
      const bad = foreign(all);
      if (bad.length > 0) found[path] = bad;
      expect(res.text).not.toContain('evil.example');
    }
    expect(found).toEqual({});
    // The pages and feeds do carry absolute links (canonical, alternates, entries), so this checked something.
    expect(urls).toBeGreaterThan(200);
  });

  it('in the emails, with a forged Host on the request that caused them', async () => {
    const subscribe = await rawRequest(server.url, { method: 'POST', path: '/api/subscriptions', headers: { ...FORGED, 'content-type': 'application/json' }, body: JSON.stringify({ email: 'urls@example.test', locale: 'en' }), timeoutMs: 5000 });
    expect(subscribe.status).toBe(202);
    const confirmation = await waitForMail((e) => e.to === 'urls@example.test');
    const confirmationHtml = await readFile(join(mailbox, confirmation.htmlFile), 'utf8');
    const token = new RegExp(`${PUBLIC_URL.replace(/\./g, '\\.')}/en/subscribe/confirm\\?token=([\\w.-]+)`).exec(confirmation.text)![1]!;
    const confirmed = await rawRequest(server.url, { method: 'POST', path: `/api/subscriptions/confirm?token=${token}`, headers: FORGED, timeoutMs: 5000 });
    expect(confirmed.status).toBe(200);
    const incident = await rawRequest(server.url, {
      method: 'POST',
      path: '/api/admin/incidents',
      headers: { ...FORGED, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Links test', severity: 'low', message: 'See the [status page](/en/) and https://example.org/docs.', services: [{ service: 'email', impact: 'degraded_performance' }] }),
      timeoutMs: 5000,
    });
    expect(incident.status).toBe(201);
    const update = await waitForMail((e) => e.to === 'urls@example.test' && e.subject.includes('Links test'));
    const updateHtml = await readFile(join(mailbox, update.htmlFile), 'utf8');
    const parts = [confirmation.text, confirmationHtml, JSON.stringify(confirmation.headers), update.text, updateHtml, JSON.stringify(update.headers)];
    const urls = parts.flatMap(absoluteUrls);
    // The incident message's own link to example.org is the author's, not ours.
    expect(foreign(urls).filter((u) => !u.startsWith('https://example.org/docs'))).toEqual([]);
    expect(urls.filter((u) => u.startsWith(`${PUBLIC_URL}/`)).length).toBeGreaterThanOrEqual(6);
    expect(update.headers['List-Unsubscribe']).toMatch(new RegExp(`^<${PUBLIC_URL.replace(/\./g, '\\.')}/api/subscriptions/unsubscribe\\?token=`));
    for (const part of parts) expect(part).not.toContain('evil.example');
  });
});

describe('redirects stay on the site', () => {
  const BENT = [
    '//evil.example', '//evil.example/', '///evil.example', '/\\evil.example', '/\\/evil.example', '/%2f%2fevil.example', '/%5cevil.example', '/%5c%5cevil.example',
    '//evil.example/%2e%2e', '/.//evil.example', '/..//evil.example', '/%2e%2e//evil.example', '//evil.example?x=1', '/\t/evil.example', '/@evil.example', '/https://evil.example',
    '/api/subscriptions/unsubscribe?token=//evil.example', '/api/subscriptions/unsubscribe?token=%2f%2fevil.example', '/api/subscriptions/unsubscribe?token=/\\evil.example',
    '/incidents//evil.example', '/en//evil.example', '/nl/\\evil.example',
  ];
  it.each(BENT)('%s', async (path) => {
    let res;
    try {
      res = await rawRequest(server.url, { method: 'GET', path, headers: FORGED, timeoutMs: 2000 });
    } catch (e) {
      // Node refuses to send a path with a tab; nothing reached the server.
      expect((e as { code?: string }).code).toBe('ERR_UNESCAPED_CHARACTERS');
      return;
    }
    expect(res.status).toBeLessThan(500);
    const location = res.headers.location;
    if (typeof location !== 'string') return;
    const target = new URL(location, `${server.url}${path.startsWith('/') ? '' : '/'}`);
    expect([new URL(server.url).origin, PUBLIC_URL]).toContain(target.origin);
    // …and a browser, which treats `\` as `/`, resolves it to the same place.
    expect(location).not.toMatch(/^[/\\]{2}|^[a-z]+:/i);
  });
});
