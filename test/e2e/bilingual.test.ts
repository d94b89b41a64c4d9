// Two languages and report revisions in a real browser (system Chromium via playwright-core) on the
// demo data: the reader sees their language, an untranslated text is shown with its own `lang`
// and a visible note, an edited report says "edited" and opens its earlier versions; the pages
// pass axe-core (WCAG 2.2 A/AA); and the emails (real Resend SDK against the fake), opened in the
// browser, carry the subscriber's language.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { startFakeResend, type FakeResend } from '../support/fake-resend.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { emailTo, subscribeAndConfirm } from '../support/subscriber.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { launchChromium } from './browser.ts';

const TOKEN = 'e2e-bilingual-token-0123456789abcdefghij';
let server: RunningServer;
let fake: FakeResend;
let browser: Browser;
let context: BrowserContext;
let incidentId: number;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function noViolations(page: Page, path: string) {
  const violations = await axeViolations(page);
  if (violations.length > 0) console.error(describeViolations(path, violations));
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: 're_test', requestsPerSecond: 50 });
  const path = tempDbPath('e2e-bilingual');
  const db = createDb(path);
  seedDemo(db, { now: Date.now(), timeZone: 'Europe/Amsterdam' });
  db.$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url, BAKEN_SECRET: 'e2e-test-secret-0123456789abcdefghijkl' } });
  browser = await launchChromium();
  context = await browser.newContext({ bypassCSP: true });

  await subscribeAndConfirm(server.url, fake, 'klant@example.test', 'nl', 20_000);
  await subscribeAndConfirm(server.url, fake, 'customer@example.test', 'en', 20_000);
  const created = await admin('POST', '/incidents', { title: 'Webmail traag', lang: 'nl', translation: { title: 'Slow webmail' }, severity: 'medium', message: 'We **onderzoeken** het.', services: [{ service: 'email', impact: 'degraded_performance' }] });
  expect(created.status).toBe(201);
  incidentId = created.body.id;
  expect((await admin('POST', `/incidents/${incidentId}/updates`, { status: 'resolved', message: 'Opgelost.', translation: { message: 'Resolved.' } })).status).toBe(201);
  expect((await admin('PUT', `/incidents/${incidentId}/report`, { body: 'Een volle schijf.', translation: { body: 'A full disk.' } })).status).toBe(200);
  expect((await admin('POST', `/incidents/${incidentId}/report/publish`, {})).status).toBe(200);
  expect((await admin('PUT', `/incidents/${incidentId}/report`, { body: 'Een volle schijf zonder quotum.', translation: { body: 'A full disk without a quota.' } })).status).toBe(200);
  expect((await admin('PUT', `/incidents/${incidentId}/report`, { body: 'Een volle schijf zonder quotum; nu met quota.' })).status).toBe(200);
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
  await fake?.close();
});

describe('a bilingual incident in the browser', () => {
  it('shows the English page in English, the untranslated Dutch texts marked, and the report’s two earlier versions', async () => {
    const page = await context.newPage();
    try {
      const path = `/en/incidents/${incidentId}`;
      expect((await page.goto(`${server.url}${path}`))?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Slow webmail');
      const first = page.locator('.timeline-item').last();
      expect(await first.locator('.fallback-note').innerText()).toBe('(in Dutch)');
      expect(await first.locator('.prose').getAttribute('lang')).toBe('nl');
      expect(await first.locator('.prose').innerText()).toBe('We onderzoeken het.');
      expect(await page.locator('.timeline-item').first().locator('.prose').innerText()).toBe('Resolved.');

      const report = page.locator('section.report');
      expect(await report.locator('.report-edited').isVisible()).toBe(true);
      expect(await report.locator('.report-edited').innerText()).toMatch(/^ ?· edited \d{1,2} \w+ \d{4} at \d{2}:\d{2}/);
      // The last edit was Dutch only: the English reader gets it marked.
      expect(await report.locator(':scope > .fallback-note').innerText()).toBe('(in Dutch)');
      expect(await report.locator(':scope > .prose').innerText()).toBe('Een volle schijf zonder quotum; nu met quota.');
      const earlier = report.locator('details.report-revisions');
      expect(await earlier.locator('summary').innerText()).toBe('Earlier versions (2)');
      expect(await earlier.locator('li').first().isVisible()).toBe(false);
      await earlier.locator('summary').click();
      expect(await earlier.locator('li .prose').allInnerTexts()).toEqual(['A full disk without a quota.', 'A full disk.']);
      expect(await earlier.locator('li').first().isVisible()).toBe(true);
      await noViolations(page, path);
    } finally {
      await page.close();
    }
  });

  it('shows the Dutch page in Dutch, and a demo report written only in English marked as English', async () => {
    const page = await context.newPage();
    try {
      expect((await page.goto(`${server.url}/nl/incidents/${incidentId}`))?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Webmail traag');
      expect(await page.locator('.affected li span').first().innerText()).toBe('E-mailhosting');
      expect(await page.locator('.fallback-note').count()).toBe(0);
      await noViolations(page, `/nl/incidents/${incidentId}`);

      const path = '/nl/incidents/1';
      expect((await page.goto(`${server.url}${path}`))?.status()).toBe(200);
      expect(await page.locator('h1').innerText()).toBe('Trage aanmeldingen op het klantenportaal');
      expect(await page.locator('.timeline-item .fallback-note').count()).toBe(0);
      expect(await page.locator('section.report > .fallback-note').innerText()).toBe('(in het Engels)');
      expect(await page.locator('section.report > .prose').getAttribute('lang')).toBe('en');
      await noViolations(page, path);
    } finally {
      await page.close();
    }
  });

  it('emails the Dutch subscriber in Dutch and the English one in English, the fallback marked', async () => {
    const page = await context.newPage();
    try {
      const nl = await emailTo(fake, 'klant@example.test', /^\[Sensey\] Storing: Webmail traag$/);
      await page.setContent(nl.html!);
      expect(await page.locator('html').getAttribute('lang')).toBe('nl');
      expect(await page.locator('h1').innerText()).toBe('Webmail traag');
      expect(await page.locator('[lang="en"]').count()).toBe(0);
      const en = await emailTo(fake, 'customer@example.test', /^\[Sensey\] Incident: Slow webmail$/);
      await page.setContent(en.html!);
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      expect(await page.locator('h1').innerText()).toBe('Slow webmail');
      expect(await page.locator('div[lang="nl"]').innerText()).toBe('We onderzoeken het.');
      expect(await page.getByText('(in Dutch)').isVisible()).toBe(true);
      const report = await emailTo(fake, 'customer@example.test', /^\[Sensey\] Incident report: Slow webmail$/);
      await page.setContent(report.html!);
      expect(await page.getByText('A full disk.').isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });
});
