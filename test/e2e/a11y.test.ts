// The public pages in a real browser (system Chromium via playwright-core) on the demo data:
// axe-core finds no WCAG 2.2 A/AA violations; the 90-day bar is reachable and readable by
// keyboard; the pages and the subscribe form work without JavaScript; nothing scrolls sideways
// at 320 px.
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { launchChromium } from './browser.ts';

let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
const paths: Record<string, string> = {};

/** The first same-origin link on `page` whose path matches `pattern`. */
async function firstLink(page: string, pattern: RegExp): Promise<string> {
  const body = await (await fetch(`${server.url}${page}`)).text();
  const found = [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((href) => pattern.test(href));
  if (!found) throw new Error(`no link matching ${pattern} on ${page}`);
  return found;
}

beforeAll(async () => {
  const path = tempDbPath('e2e');
  const db = createDb(path);
  seedDemo(db, { now: Date.now(), timeZone: 'Europe/Amsterdam' });
  db.$client.close();
  server = await startServer({ databasePath: path, env: { BAKEN_SECRET: 'e2e-test-secret-0123456789abcdefghijkl' } });
  browser = await launchChromium();
  // The pages' CSP (script-src 'self') would block the injected axe-core script; bypass it only
  // for that injection (the pages themselves run no inline script).
  context = await browser.newContext({ bypassCSP: true });
  paths.incident = await firstLink('/en/incidents', /^\/en\/incidents\/\d+$/);
  paths.maintenance = await firstLink('/en/', /^\/en\/maintenance\/\d+$/);
  paths.service = await firstLink('/en/', /^\/en\/services\/[a-z0-9-]+$/);
  // The current month's report (the demo data reaches up to today), else the newest listed month.
  const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
  paths.month = await firstLink('/en/reports', new RegExp(`^/en/reports/${month}$`)).catch(() => firstLink('/en/reports', /^\/en\/reports\/\d{4}-\d{2}$/));
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('axe-core (WCAG 2.2 A and AA)', () => {
  const pages: [string, () => string][] = [
    ['home (en)', () => '/en/'],
    ['home (nl)', () => '/nl/'],
    ['incident history', () => '/en/incidents'],
    ['an incident', () => paths.incident!],
    ['a maintenance', () => paths.maintenance!],
    ['a service (nl)', () => paths.service!.replace('/en/', '/nl/')],
    ['the history filtered and searched', () => `/en/incidents?service=${paths.service!.split('/').pop()}&q=e`],
    ['SLA', () => '/en/sla'],
    ['reports', () => '/en/reports'],
    ['a month report', () => paths.month!],
    ['subscribe', () => '/en/subscribe'],
  ];
  for (const [name, path] of pages) {
    it(`finds no violations on ${name}`, async () => {
      const page = await context.newPage();
      try {
        const res = await page.goto(`${server.url}${path()}`);
        expect(res?.status()).toBe(200);
        const violations = await axeViolations(page);
        if (violations.length > 0) console.error(describeViolations(path(), violations));
        expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
      } finally {
        await page.close();
      }
    });
  }
});

describe('keyboard', () => {
  it('starts with a skip link that moves focus to main', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/en/`);
      await page.keyboard.press('Tab');
      const first = await page.evaluate(() => {
        const a = document.activeElement as HTMLAnchorElement | null;
        const box = a?.getBoundingClientRect();
        return { tag: a?.tagName, cls: a?.className, href: a?.getAttribute('href'), visible: !!box && box.width > 0 && box.height > 0 && box.bottom > 0 };
      });
      expect(first).toMatchObject({ tag: 'A', href: '#main', visible: true });
      expect(first.cls).toContain('skip-link');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => location.hash)).toBe('#main');
      // The next Tab continues inside main, not in the header.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => !!document.activeElement?.closest('main'))).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('reaches a day cell of the first uptime bar, which names itself and shows its tooltip', async () => {
    const page = await context.newPage();
    try {
      await page.goto(`${server.url}/en/`);
      let reached = false;
      for (let i = 0; i < 200 && !reached; i++) {
        await page.keyboard.press('Tab');
        reached = await page.evaluate(() => {
          const el = document.activeElement;
          return !!el && el.tagName === 'LI' && el.closest('ol.bar') === document.querySelector('ol.bar');
        });
      }
      expect(reached, 'a day cell of the first bar gets focus within 200 Tabs').toBe(true);
      const cell = await page.evaluate(() => {
        const li = document.activeElement as HTMLElement;
        const ol = li.parentElement!;
        const labelId = li.getAttribute('aria-labelledby') ?? '';
        const label = document.getElementById(labelId);
        const box = label?.getBoundingClientRect();
        const style = label ? getComputedStyle(label) : null;
        return {
          tag: li.tagName,
          parent: ol.tagName,
          olLabel: ol.getAttribute('aria-label') ?? '',
          tabindex: li.getAttribute('tabindex'),
          name: label?.textContent?.trim() ?? '',
          tipInside: !!label && li.contains(label),
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          clip: style?.clipPath ?? '',
          visibility: style?.visibility ?? '',
          display: style?.display ?? '',
        };
      });
      expect(cell.tag).toBe('LI');
      expect(cell.parent).toBe('OL');
      expect(cell.olLabel).not.toBe('');
      expect(cell.tabindex).toBe('0');
      expect(cell.tipInside).toBe(true);
      expect(cell.name).toMatch(/\d{4}|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b/);
      expect(cell.name).toMatch(/uptime|no data/i);
      // Visible tooltip: a real box, not clipped away.
      expect(cell.width).toBeGreaterThan(10);
      expect(cell.height).toBeGreaterThan(5);
      expect(cell.clip).toBe('none');
      expect(cell.visibility).toBe('visible');
      expect(cell.display).not.toBe('none');
      // And it is hidden again once focus leaves the cell.
      await page.evaluate(() => (document.activeElement as HTMLElement).blur());
      const after = await page.evaluate(() => {
        const tip = document.querySelector('ol.bar .tip')!;
        return tip.getBoundingClientRect().width;
      });
      expect(after).toBeLessThanOrEqual(1);
    } finally {
      await page.close();
    }
  });
});

describe('without JavaScript', () => {
  let noJs: BrowserContext;
  beforeAll(async () => {
    noJs = await browser.newContext({ javaScriptEnabled: false });
  });
  afterAll(() => noJs?.close());

  it('shows the status banner and the service list', async () => {
    const page = await noJs.newPage();
    try {
      await page.goto(`${server.url}/en/`);
      const banner = page.locator('.banner-text');
      await expect.poll(() => banner.first().isVisible()).toBe(true);
      expect((await banner.first().textContent())?.trim()).not.toBe('');
      const bars = page.locator('ol.bar');
      expect(await bars.count()).toBeGreaterThanOrEqual(5);
      expect(await page.getByText('Web hosting', { exact: true }).first().isVisible()).toBe(true);
      expect(await page.getByText('Customer portal', { exact: true }).first().isVisible()).toBe(true);
    } finally {
      await page.close();
    }
  });

  it('submits the subscribe form to "check your inbox"', async () => {
    const page = await noJs.newPage();
    try {
      await page.goto(`${server.url}/en/subscribe`);
      await page.fill('#email', 'e2e-nojs@example.com');
      await page.locator('input[name="services"]').first().check();
      await Promise.all([page.waitForURL(/\/en\/subscribe\/sent$/), page.locator('form[method="post"] button[type="submit"]').click()]);
      expect(new URL(page.url()).pathname).toBe('/en/subscribe/sent');
      expect(await page.locator('h1').textContent()).toContain('Check your inbox');
    } finally {
      await page.close();
    }
  });
});

describe('at 320 px wide', () => {
  for (const [name, path] of [['home', () => '/en/'], ['a month report', () => paths.month!]] as const) {
    it(`does not scroll sideways on ${name}`, async () => {
      const narrow = await browser.newContext({ viewport: { width: 320, height: 640 } });
      try {
        const page = await narrow.newPage();
        await page.goto(`${server.url}${path()}`);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(320);
      } finally {
        await narrow.close();
      }
    });
  }
});
