// Issue 13 in a real browser, on the fixed-clock world of test/site/signal-world.ts: during a major
// incident the banner, the favicon, the header mark, the title and the Statuspage JSON agree; the
// running month's budgets read exactly; the history's filter form works without JavaScript.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignalWorld, type SignalWorld } from '../site/signal-world.ts';
import { launchChromium } from './browser.ts';

let w: SignalWorld;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  w = await buildSignalWorld();
  browser = await launchChromium();
  context = await browser.newContext({ javaScriptEnabled: false });
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await w?.server.stop();
});

describe('one signal during a major incident', () => {
  it('banner text, favicon, header mark, title and /api/v2 JSON agree', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${w.server.url}/nl/`);
      const seen = await page.evaluate(() => {
        const banner = document.querySelector('.banner')!;
        const icon = document.querySelector<HTMLLinkElement>('link[rel="icon"]')!;
        return {
          banner: banner.querySelector('.banner-text')!.textContent,
          bannerIndicator: banner.getAttribute('data-indicator'),
          // The colour the banner's icon is drawn in.
          bannerColour: getComputedStyle(banner.querySelector('svg.icon')!).color,
          mark: document.querySelector('header .brand-mark')!.getAttribute('data-status'),
          favicon: icon.href,
          title: document.title,
        };
      });
      const status = (await (await fetch(`${w.server.url}/api/v2/status.json`)).json()) as { status: { indicator: string } };
      const summary = (await (await fetch(`${w.server.url}/api/v2/summary.json`)).json()) as { status: { indicator: string }; incidents: { name: string; impact: string }[] };
      expect(seen.banner).toBe('Gedeeltelijke systeemstoring');
      expect(seen.title).toBe('Gedeeltelijke systeemstoring · Status van Sensey');
      expect([seen.bannerIndicator, seen.mark, status.status.indicator, summary.status.indicator]).toEqual(['major', 'major', 'major', 'major']);
      // The favicon is drawn in the banner's colour (#bc4c00 = rgb(188, 76, 0)), as a warning triangle.
      expect(seen.bannerColour).toBe('rgb(188, 76, 0)');
      expect(seen.favicon).toBe(`${w.server.url}/favicon-major.svg`);
      const svg = await (await fetch(seen.favicon)).text();
      expect(svg).toContain('<path d="M10 1.2L19.3 18.4H.7z" fill="#bc4c00"');
      expect(summary.incidents.map((i) => [i.name, i.impact])).toEqual([['Mail outage', 'critical']]);
    } finally {
      await page.close();
    }
  });

  it('the incident page names the worst impact and the history, and carries the same favicon', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${w.server.url}/en/incidents/${w.mailIncidentId}`);
      const affected = await page.locator('ul.affected > li').innerText();
      expect(affected.replace(/\s+/g, ' ').trim()).toBe('Mail Major outage Major outage: 2 Dec 2026, 09:00–10:00 CET Partial outage: 2 December 2026 at 10:00 CET – Ongoing');
      expect(await page.evaluate(() => document.querySelector<HTMLLinkElement>('link[rel="icon"]')!.getAttribute('href'))).toBe('/favicon-major.svg');
    } finally {
      await page.close();
    }
  });
});

describe('the running month on a fixed clock (2 December 2026, 12:00 CET)', () => {
  it('/en/sla: the downtime so far, the budget left per tier and the credit once certain', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${w.server.url}/en/sla`);
      const rows = await page.evaluate(() =>
        [...document.querySelectorAll('.sla-live tbody tr')].map((tr) => [...tr.children].map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim())),
      );
      expect(rows).toEqual([
        ['DNS', '28 min', '16 min 38 s left before 99.9% 6 h 58 min 24 s left before 99.0% 14 h 24 min 48 s left before 98.0%', 'None so far'],
        ['Mail', '1 h 36 min', '5 h 50 min 24 s left before 99.0% 13 h 16 min 48 s left before 98.0%', '10%'],
        ['New service', '3 h', '4 h 12 min left before 99.0% 11 h 24 min left before 98.0%', '10%'],
        ['Staging', 'Not covered'],
      ]);
    } finally {
      await page.close();
    }
  });
});

describe('the history filter without JavaScript', () => {
  it('choosing a service and typing a search submits a GET and lists what matches', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${w.server.url}/en/incidents`);
      await page.selectOption('#history-service', 'dns');
      await page.fill('#history-q', 'Resolver');
      await Promise.all([page.waitForURL(/\/en\/incidents\?service=dns&q=Resolver$/), page.click('.history-filter button[type="submit"]')]);
      expect(await page.locator('.card-title').allInnerTexts()).toEqual(['DNS resolution failing', 'Resolver upgrade']);
      expect(await page.inputValue('#history-q')).toBe('resolver');
      await page.click('text=DNS resolution failing');
      expect(await page.locator('h1').innerText()).toBe('DNS resolution failing');
    } finally {
      await page.close();
    }
  });
});
