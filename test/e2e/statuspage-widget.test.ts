// Atlassian's own embeddable widget (@statuspage/status-widget 1.0.5, unchanged) rendered in
// Chromium on a host page of another origin, reading Baken's /api/v2/summary.json cross-origin
// through its `src` attribute (the widget fetches `<src>/api/v2/summary.json`, so any host works).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { buildStatuspageWorld } from '../support/statuspage-world.ts';
import { launchChromium } from './browser.ts';

const widgetJs = readFileSync(createRequire(import.meta.url).resolve('@statuspage/status-widget/dist/index.js'));

let browser: Browser;
const servers: RunningServer[] = [];
let host: Server;
let hostUrl = '';
const baken: Record<'incident' | 'maintenance', string> = { incident: '', maintenance: '' };

beforeAll(async () => {
  const now = Date.now();
  for (const kind of ['incident', 'maintenance'] as const) {
    const path = tempDbPath(`widget-${kind}`);
    buildStatuspageWorld(path, now, { incidents: kind === 'incident' });
    const s = await startServer({ databasePath: path });
    servers.push(s);
    baken[kind] = s.url;
  }
  // The host page: another origin (its own port on localhost), the widget's script from npm.
  const port = await freePort();
  hostUrl = `http://localhost:${port}`;
  host = createServer((req, res) => {
    if (req.url === '/widget.js') return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(widgetJs);
    const src = new URL(req.url ?? '/', hostUrl).searchParams.get('src') ?? '';
    const attr = src.replace(/[^a-zA-Z0-9:/.]/g, '');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<!doctype html><html lang="en"><title>Host</title><body>
<statuspage-widget id="basic" src="${attr}"></statuspage-widget>
<statuspage-widget id="badge" src="${attr}" appearance="badge" title="Baken"></statuspage-widget>
<script src="/widget.js"></script></body></html>`);
  });
  await new Promise<void>((r) => host.listen(port, 'localhost', r));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await Promise.all(servers.map((s) => s.stop()));
});

/** What each widget shows once it has read the summary: the indicator class and the words. */
async function rendered(src: string) {
  const page = await browser.newPage();
  const requests: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(`${hostUrl}/?src=${encodeURIComponent(src)}`);
  const read = (id: string) =>
    page.waitForFunction(
      (sel) => {
        const root = document.querySelector(sel)?.shadowRoot;
        const text = root?.querySelector('.status-text')?.textContent?.trim();
        const indicator = root?.querySelector('.status-indicator');
        return text && indicator ? { text, classes: indicator.className, href: root!.querySelector('a')?.getAttribute('href') } : null;
      },
      `#${id}`,
      { timeout: 15_000 },
    );
  const basic = await (await read('basic')).jsonValue();
  const badgeHandle = await page.waitForFunction(() => document.querySelector('#badge')?.shadowRoot?.querySelector('.status-indicator')?.textContent?.trim() || null, undefined, { timeout: 15_000 });
  const badge = await badgeHandle.jsonValue();
  await page.close();
  return { basic, badge, requests };
}

describe("Statuspage's status widget on another site", () => {
  it('shows the page status from Baken: major, "Partial System Outage" (a partial outage rolls up to major)', async () => {
    const r = await rendered(baken.incident);
    expect(r.basic).toStrictEqual({ text: 'Partial System Outage', classes: 'status-indicator major', href: baken.incident });
    expect(r.badge).toBe('Partial System Outage');
    expect(r.requests).toContain(`${baken.incident}/api/v2/summary.json`);
  });

  it('says "Service Under Maintenance" in the maintenance colour while only maintenance is in progress', async () => {
    const r = await rendered(baken.maintenance);
    expect(r.basic).toStrictEqual({ text: 'Service Under Maintenance', classes: 'status-indicator maintenance', href: baken.maintenance });
    expect(r.badge).toBe('Service Under Maintenance');
  });
});
