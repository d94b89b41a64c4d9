// The embed and badges in a real browser, on a host page served from another local origin with a
// strict Content Security Policy (nothing but Baken's origin for frames and images, no inline
// script or style): the frame shows the current status and the badge loads. The integrations page
// passes axe-core. A host that does not allow Baken as a frame source gets nothing (the browser's
// rule, checked so the README's advice stays true).
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { HOUR, makeIncident, makeService } from '../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { launchChromium } from './browser.ts';

let server: RunningServer;
let browser: Browser;
let host: Server;
let hostUrl: string;

function hostPage(baken: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Host</title></head><body>
<h1>Our intranet</h1>
<img id="badge" src="${baken}/badge/status.svg" alt="Sensey status">
<iframe id="status" src="${baken}/en/embed" title="Sensey status" width="320" height="120"></iframe>
</body></html>`;
}

beforeAll(async () => {
  const path = tempDbPath('embed');
  const db = createDb(path);
  const web = makeService(db, { slug: 'web', name: 'Webhosting' });
  const now = Date.now();
  makeIncident(db, { title: 'Webhosting slow', startedAt: now - HOUR, impacts: [{ serviceId: web, impact: 'degraded_performance', start: now - HOUR, end: null }] });
  db.$client.close();
  server = await startServer({ databasePath: path });
  const baken = server.url;
  // The host answers on another port of localhost (another origin), with its CSP as a header.
  host = createServer((req, res) => {
    const strict = `default-src 'none'; frame-src ${baken}; img-src ${baken}`;
    const csp = req.url === '/no-frames' ? `default-src 'none'; img-src ${baken}` : strict;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp }).end(hostPage(baken));
  });
  await new Promise<void>((r) => host.listen(0, 'localhost', r));
  hostUrl = `http://localhost:${(host.address() as { port: number }).port}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => host?.close(r));
  await server?.stop();
});

describe('embedding Baken on another site', () => {
  it('a host with a strict CSP shows the current status in the frame, and the badge', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const refused: string[] = [];
    page.on('console', (m) => m.type() === 'error' && refused.push(m.text()));
    await page.goto(`${hostUrl}/`);
    const frame = page.frameLocator('#status');
    await expect.poll(async () => (await frame.locator('.embed-status').innerText({ timeout: 5000 })).trim()).toBe('Minor service disruption');
    expect(await frame.locator('li a').allTextContents()).toEqual(['Webhosting slow']);
    expect(await frame.locator('li a').first().getAttribute('href')).toBe(`${server.url}/en/incidents/1`);
    const badge = await page.locator('#badge').evaluate((img: HTMLImageElement) => ({ complete: img.complete, width: img.naturalWidth }));
    expect(badge.complete).toBe(true);
    expect(badge.width).toBeGreaterThan(50);
    expect(refused).toEqual([]);
    await context.close();
  });

  it('a host whose CSP does not allow Baken as a frame source shows no frame (the README tells hosts to add it)', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${hostUrl}/no-frames`);
    await page.waitForLoadState('load');
    await page.waitForTimeout(500);
    expect(await page.frameLocator('#status').locator('.embed-status').count()).toBe(0);
    // The badge, allowed by img-src, still loads.
    expect(await page.locator('#badge').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(50);
    await context.close();
  });

  it('other pages still refuse to be framed; the embed page allows any ancestor', async () => {
    const embed = await fetch(`${server.url}/en/embed`);
    expect(embed.headers.get('content-security-policy')).toContain('frame-ancestors *');
    expect(embed.headers.get('x-frame-options')).toBeNull();
    const home = await fetch(`${server.url}/en/`);
    expect(home.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('the embed frame and the integrations page pass axe-core; the page lists working snippets', async () => {
    const context = await browser.newContext({ bypassCSP: true });
    const page = await context.newPage();
    for (const locale of ['en', 'nl']) {
      await page.goto(`${server.url}/${locale}/embed`);
      const frameViolations = await axeViolations(page);
      expect(frameViolations, describeViolations(`${locale} embed`, frameViolations)).toEqual([]);
      await page.goto(`${server.url}/${locale}/integrations`);
      const violations = await axeViolations(page);
      expect(violations, describeViolations(locale, violations)).toEqual([]);
      const snippets = await page.locator('pre.snippet code').allTextContents();
      expect(snippets).toContain(`<iframe src="${server.url}/${locale}/embed" title="${locale === 'en' ? 'Sensey status' : 'Status Sensey'}" width="320" height="120"></iframe>`);
    }
    await context.close();
  });
});
