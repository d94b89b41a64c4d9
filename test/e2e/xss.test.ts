// Cross-site scripting in a real browser: the OWASP-style corpus (xss-vectors.ts) goes through the
// admin API into every text field that exists (service and group names, service descriptions,
// incident titles, messages, updates, SLA-exclusion reasons and post-incident reports, maintenance
// titles, messages and updates), and Chromium renders every page that shows them, the feeds'
// HTML, every email the dev mailbox received and the API reference. Pages are rendered with the
// CSP bypassed, so only escaping and sanitising stand between a vector and execution; the CSP header
// is checked on every HTML response besides. Executions (dialogs, page errors, script the page did
// not ship) and latent ones (event-handler attributes, javascript:/data: URLs, injected script,
// iframe, object, embed, base or meta-refresh elements) must both be 0.
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { listMailbox } from '../../src/services/mail/mailer.ts';
import { signToken } from '../../src/services/subscriptions/tokens.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { launchChromium } from './browser.ts';
import { ALL_VECTORS, packed } from './xss-vectors.ts';

const TOKEN = 'xss-admin-token-0123456789abcdefghijkl';
const SECRET = 'xss-test-secret-0123456789abcdefghijklmno';
const DAY = 86_400_000;
const ALL = ALL_VECTORS.join('\n\n');

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let mailbox: string;
let subscriberId: number;
/** Vectors put into each field (those that fit its length limit). */
const tried: Record<string, number> = {};
const records = { incidents: [] as number[], maintenances: [] as number[] };

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/api/admin${path}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

/** Records that `vectors` were tried in `field`, and returns the text. */
function put(field: string, vectors: number, text: string): string {
  tried[field] = (tried[field] ?? 0) + vectors;
  return text;
}

beforeAll(async () => {
  const path = tempDbPath('xss');
  const db = createDb(path);
  subscriberId = Number(db.$client.prepare("INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES ('xss@example.test', 'en', 1, 0, 1, 0)").run().lastInsertRowid);
  db.$client.close();
  mailbox = join(dirname(path), 'mailbox');
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, BAKEN_SECRET: SECRET } });

  // Services: names and their groups' names take the vectors that fit 100 characters, descriptions those that fit 500.
  const names = packed(ALL_VECTORS, 100);
  const groups = packed([...ALL_VECTORS].reverse(), 100);
  const descriptions = packed(ALL_VECTORS, 500);
  tried['service name'] = names.placed;
  tried['group name'] = groups.placed;
  tried['service description'] = descriptions.placed;
  const count = Math.max(names.chunks.length, groups.chunks.length);
  for (let i = 0; i < count; i++) {
    await admin('POST', '/services', { name: names.chunks[i % names.chunks.length]!, slug: `x${i}`, group: groups.chunks[i % groups.chunks.length]!, description: descriptions.chunks[i % descriptions.chunks.length]!, startDate: new Date(Date.now() - 30 * DAY).toISOString() });
  }

  // Incidents: titles take the vectors that fit 200 characters; the first one stays open with every
  // vector in its message and an update; the second resolves with every vector in the resolving
  // update and a published report; SLA-exclusion reasons take those that fit 2000.
  const titles = packed(ALL_VECTORS, 200);
  tried['incident title'] = titles.placed;
  const reasons = packed(ALL_VECTORS, 2000);
  tried['SLA exclusion reason'] = reasons.placed;
  for (const [i, title] of titles.chunks.entries()) {
    const message = i < 2 ? put('incident message', ALL_VECTORS.length, ALL) : 'Investigating.';
    const incident = await admin('POST', '/incidents', {
      title,
      severity: 'low',
      message,
      services: [{ service: `x${i % count}`, impact: 'partial_outage' }],
      startedAt: new Date(Date.now() - (i + 1) * 60_000).toISOString(),
      ...(i >= 2 && i - 2 < reasons.chunks.length && { slaExclusion: { cause: 'third_party', reason: reasons.chunks[i - 2]! } }),
    });
    records.incidents.push(incident.id);
  }
  const [open, resolved] = records.incidents as [number, number];
  await admin('POST', `/incidents/${open}/updates`, { status: 'identified', message: put('incident update', ALL_VECTORS.length, ALL) });
  await admin('POST', `/incidents/${resolved}/updates`, { status: 'resolved', message: put('incident update', ALL_VECTORS.length, ALL) });
  await admin('PUT', `/incidents/${resolved}/report`, { body: put('post-incident report', ALL_VECTORS.length, ALL) });
  await admin('POST', `/incidents/${resolved}/report/publish`, {});

  // Maintenance: titles as for incidents; the first window has every vector in its message and an update.
  const mTitles = packed([...ALL_VECTORS].reverse(), 200);
  tried['maintenance title'] = mTitles.placed;
  for (const [i, title] of mTitles.chunks.entries()) {
    const start = Date.now() + (3 + i) * DAY;
    const m = await admin('POST', '/maintenances', {
      title,
      message: i === 0 ? put('maintenance message', ALL_VECTORS.length, ALL) : 'Routine work.',
      services: [`x${i % count}`],
      scheduledStart: new Date(start).toISOString(),
      scheduledEnd: new Date(start + 3_600_000).toISOString(),
    });
    records.maintenances.push(m.id);
  }
  await admin('POST', `/maintenances/${records.maintenances[0]}/updates`, { status: 'in_progress', message: put('maintenance update', ALL_VECTORS.length, ALL) });

  // Every announcement mailed (the dev mailbox) before the browser looks.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { events } = await admin('GET', '/deliveries?limit=500');
    if (events.length > 0 && events.every((e: any) => e.expanded && e.pending === 0)) break;
    if (Date.now() > deadline) throw new Error(`deliveries still pending: ${JSON.stringify(events.filter((e: any) => !e.expanded || e.pending > 0))}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  browser = await launchChromium();
  // The CSP bypassed: a vector that reached the DOM would run, so escaping alone is under test.
  context = await browser.newContext({ bypassCSP: true });
  // Nothing leaves the machine; what the page tried to fetch from elsewhere is recorded.
  await context.route('**/*', (route) => (route.request().url().startsWith(server.url) || route.request().url().startsWith('data:') ? route.continue() : route.abort()));
}, 180_000);

afterAll(async () => {
  await sitePage?.close();
  await htmlPage?.close();
  await context?.close();
  await browser?.close();
  await server?.stop();
});

interface Findings {
  executions: string[];
  latent: string[];
  cspChecked: number;
}
const findings: Findings = { executions: [], latent: [], cspChecked: 0 };

let where = '';
/** Watches a page for anything that ran: dialogs, page errors, foreign script/frame loads. */
function watch(page: Page): void {
  page.on('dialog', (d) => {
    findings.executions.push(`${where}: ${d.type()} "${d.message()}"`);
    void d.dismiss();
  });
  page.on('pageerror', (e) => findings.executions.push(`${where}: page error ${e.message}`));
  page.on('request', (r) => {
    if (!r.url().startsWith(server.url) && ['script', 'document', 'sub_frame', 'object', 'fetch', 'xhr'].includes(r.resourceType())) findings.executions.push(`${where}: ${r.resourceType()} request to ${r.url()}`);
  });
}

// One tab for the site and one for loose HTML, reused: a new page costs more than a navigation.
let sitePage: Page | undefined;
let htmlPage: Page | undefined;
async function tab(kind: 'site' | 'html'): Promise<Page> {
  const current = kind === 'site' ? sitePage : htmlPage;
  if (current) return current;
  const page = await context.newPage();
  watch(page);
  if (kind === 'site') sitePage = page;
  else htmlPage = page;
  return page;
}

/** Markup that would run on interaction or navigation, found in the live DOM. */
async function latentIn(page: Page, where: string, ownScripts: boolean): Promise<void> {
  const found = await page.evaluate((ownScripts) => {
    const out: string[] = [];
    const URL_ATTRS = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'lowsrc', 'dynsrc', 'srcdoc']);
    for (const el of Array.from(document.querySelectorAll('*'))) {
      const tag = el.tagName.toLowerCase();
      if (['iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'base', 'bgsound'].includes(tag)) out.push(`<${tag}> element`);
      if (tag === 'script' && !(ownScripts && el.getAttribute('src')?.startsWith('/_astro/'))) out.push(`<script> ${el.outerHTML.slice(0, 80)}`);
      if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') ?? '')) out.push('<meta http-equiv=refresh>');
      for (const attr of Array.from(el.attributes)) {
        if (/^on/i.test(attr.name)) out.push(`<${tag} ${attr.name}="${attr.value.slice(0, 60)}">`);
        if (attr.name === 'srcdoc') out.push(`<${tag} srcdoc>`);
        if (URL_ATTRS.has(attr.name.toLowerCase())) {
          let protocol = '';
          try {
            protocol = new URL(attr.value, location.href).protocol;
          } catch {
            continue;
          }
          const dataImage = protocol === 'data:' && tag === 'img' && /^\s*data:image\/(png|gif|jpeg|webp);/i.test(attr.value);
          if (['javascript:', 'vbscript:', 'data:'].includes(protocol) && !dataImage) out.push(`<${tag} ${attr.name}="${attr.value.slice(0, 60)}">`);
        }
      }
    }
    return out;
  }, ownScripts);
  for (const f of found) findings.latent.push(`${where}: ${f}`);
}

async function visit(path: string, expected = 200): Promise<string> {
  where = path;
  const page = await tab('site');
  const res = await page.goto(`${server.url}${path}`, { waitUntil: 'load' });
  expect({ path, status: res?.status() }).toEqual({ path, status: expected });
  const csp = res!.headers()['content-security-policy'] ?? '';
  expect({ path, csp }).toEqual({ path, csp: expect.stringContaining("script-src 'self'") });
  expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  findings.cspChecked++;
  // Give handlers such as onfocus/autofocus and animation events their moment.
  await page.waitForTimeout(30);
  await latentIn(page, path, true);
  return await page.content();
}

/**
 * Each entry's title and HTML content (Atom <content>, RSS <content:encoded>), read with the
 * browser's own XML parser, as a reader does. (Feed parsers on npm decode entities inside CDATA
 * once too often, which would turn escaped text back into markup.)
 */
async function xmlEntries(xml: string): Promise<{ title: string; html: string }[]> {
  const page = await tab('html');
  return page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, 'application/xml');
    if (doc.querySelector('parsererror')) throw new Error('feed is not well-formed XML');
    return Array.from(doc.querySelectorAll('entry, item')).map((e) => ({
      title: e.querySelector('title')?.textContent ?? '',
      html: (e.getElementsByTagName('content')[0] ?? e.getElementsByTagNameNS('http://purl.org/rss/1.0/modules/content/', 'encoded')[0] ?? e.querySelector('description'))?.textContent ?? '',
    }));
  }, xml);
}

async function render(html: string, label: string): Promise<void> {
  where = label;
  const page = await tab('html');
  await page.setContent(html, { waitUntil: 'load' });
  await page.waitForTimeout(20);
  await latentIn(page, label, false);
}

describe('the XSS corpus in every field', () => {
  it('is watched by hooks that do see a vector that gets through', async () => {
    await render('<img src=x onerror=alert(1)><a href="javascript:alert(2)">x</a><div onclick="x()"></div>', 'self-test');
    expect(findings.executions).toEqual(['self-test: alert "1"']);
    expect(findings.latent).toEqual(['self-test: <img onerror="alert(1)">', 'self-test: <a href="javascript:alert(2)">', 'self-test: <div onclick="x()">']);
    findings.executions.length = 0;
    findings.latent.length = 0;
  });

  it('runs nowhere: pages, feeds, emails and the API reference', { timeout: 170_000 }, async () => {
    const manage = encodeURIComponent(signToken(SECRET, 'manage', subscriberId, Date.now()));
    const unsubscribe = encodeURIComponent(signToken(SECRET, 'unsubscribe', subscriberId, Date.now()));
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const pages = [
      '/en/', '/nl/', '/en/incidents', '/en/incidents?page=2', '/en/sla', '/nl/sla', '/en/reports', `/en/reports/${month}`, `/en/reports/${month.slice(0, 4)}`,
      '/en/subscribe', '/en/subscribe?service=x0', '/en/services/x0', '/nl/services/x0', '/en/incidents?service=x0&q=script', `/en/subscriptions/manage?token=${manage}`, `/en/unsubscribe?token=${unsubscribe}`, '/api/admin/docs',
      ...records.incidents.map((id) => `/en/incidents/${id}`), `/nl/incidents/${records.incidents[0]}`,
      ...records.maintenances.map((id) => `/en/maintenance/${id}`), `/nl/maintenance/${records.maintenances[0]}`,
    ];
    let rendered = 0;
    for (const path of pages) {
      const html = await visit(path);
      rendered++;
      // The vectors arrived as text: the page shows them, it does not obey them.
      if (path === `/en/incidents/${records.incidents[0]}`) expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    }

    // Feeds, as a feed reader shows them: each entry's HTML rendered as a page of its own.
    let entries = 0;
    for (const path of ['/en/feed.json', '/nl/feed.json', '/en/feed.atom', '/en/feed.rss', '/services/x0/feed.atom']) {
      const body = await (await fetch(`${server.url}${path}`)).text();
      const items: { title: string; html: string }[] = path.endsWith('.json') ? JSON.parse(body).items.map((i: any) => ({ title: i.title, html: i.content_html })) : await xmlEntries(body);
      expect(items.length).toBeGreaterThan(0);
      // One page per feed, its entries one after another, as a reader lists them.
      await render(items.map((i) => `<article>${i.html}</article>`).join('\n'), `${path} (${items.length} entries)`);
      entries += items.length;
    }

    // Every email, as a mail client without any CSP would show it.
    const mails = await listMailbox(mailbox, 500);
    expect(mails.length).toBeGreaterThanOrEqual(records.incidents.length + records.maintenances.length);
    for (const mail of mails) await render(await readFile(join(mailbox, mail.htmlFile), 'utf8'), `email "${mail.subject.slice(0, 60)}"`);

    const fields = Object.keys(tried).length;
    const vectorsTimesFields = Object.values(tried).reduce((a, b) => a + b, 0);
    console.log(
      `XSS: ${ALL_VECTORS.length} vectors, ${fields} fields, ${vectorsTimesFields} vector×field placements (${JSON.stringify(tried)}); ` +
        `${rendered} pages, ${entries} feed entries, ${mails.length} emails rendered; CSP checked on ${findings.cspChecked} HTML responses; ` +
        `executions ${findings.executions.length}, latent ${findings.latent.length}`,
    );
    expect(findings.executions).toEqual([]);
    expect(findings.latent).toEqual([]);
    expect(fields).toBe(11);
  });
});
