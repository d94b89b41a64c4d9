// How the public site looks in a real browser (system Chromium via playwright-core) on the demo
// data (issue 13, part A): the uptime-bar tooltip keeps a readable width on hover, focus and tap
// and stays inside the viewport, at 1280 and 390 px; a phone shows 30 tappable days; nothing is
// wider than the viewport at 390 and 320 px and no word in a table is broken between letters; the
// month report is cards on a phone, not a 12,000 px column; the dark scheme passes axe's colour
// contrast with every status colour readable; print drops the navigation; the SLA chart is labelled
// and scaled to its data; every page shows its subscribe options.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { seedDemo } from '../../db/seed.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { launchChromium } from './browser.ts';

let server: RunningServer;
let browser: Browser;
const paths: Record<string, string> = {};

async function firstLink(page: string, pattern: RegExp): Promise<string> {
  const body = await (await fetch(`${server.url}${page}`)).text();
  const found = [...body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!).find((href) => pattern.test(href));
  if (!found) throw new Error(`no link matching ${pattern} on ${page}`);
  return found;
}

async function withPage<T>(options: Parameters<Browser['newContext']>[0], path: string, fn: (page: Page) => Promise<T>): Promise<T> {
  const context: BrowserContext = await browser.newContext({ bypassCSP: true, ...options });
  try {
    const page = await context.newPage();
    const res = await page.goto(`${server.url}${path}`);
    expect(res?.status(), path).toBe(200);
    return await fn(page);
  } finally {
    await context.close();
  }
}

beforeAll(async () => {
  const path = tempDbPath('e2e-look');
  const db = createDb(path);
  seedDemo(db, { now: Date.now(), timeZone: 'Europe/Amsterdam' });
  db.$client.close();
  server = await startServer({ databasePath: path, env: { BAKEN_SECRET: 'e2e-look-secret-0123456789abcdefghijkl' } });
  browser = await launchChromium();
  paths.incident = await firstLink('/nl/incidents', /^\/nl\/incidents\/\d+$/);
  // The newest finished month, quarter and year (the demo reaches 90 days back from today).
  const months = [...(await (await fetch(`${server.url}/nl/reports`)).text()).matchAll(/href="(\/nl\/reports\/\d{4}-\d{2})"/g)].map((m) => m[1]!);
  paths.month = months[1] ?? months[0]!;
  paths.quarter = await firstLink('/nl/reports', /^\/nl\/reports\/\d{4}-Q\d$/);
  paths.year = await firstLink('/nl/reports', /^\/nl\/reports\/\d{4}$/);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** The box of the first bar's tooltip once `show` has shown it, with the bar's own box and the viewport. */
async function tooltipBox(page: Page, show: (cell: ReturnType<Page['locator']>) => Promise<void>) {
  const cell = page.locator('ol.bar').first().locator('li.day:visible').nth(-3);
  await cell.evaluate((el) => el.scrollIntoView({ block: 'center', behavior: 'instant' }));
  await show(cell);
  return cell.evaluate((li) => {
    const tip = li.querySelector('.tip')!.getBoundingClientRect();
    const bar = li.closest('ol.bar')!.getBoundingClientRect();
    return { tip: { left: tip.left, right: tip.right, top: tip.top, bottom: tip.bottom, width: tip.width, height: tip.height }, barWidth: bar.width, vw: innerWidth, vh: innerHeight, text: li.querySelector('.tip')!.textContent ?? '' };
  });
}

describe('uptime-bar tooltip', () => {
  for (const width of [1280, 390]) {
    for (const how of ['hover', 'focus'] as const) {
      it(`is as wide as the bar and inside the viewport on ${how} at ${width} px`, async () => {
        await withPage({ viewport: { width, height: 800 } }, '/nl/', async (page) => {
          const box = await tooltipBox(page, (cell) => (how === 'hover' ? cell.hover() : cell.focus()));
          expect(box.text).toMatch(/beschikbaar|Geen gegevens/);
          // The bug: a filter on :hover made the 8 px cell the tooltip's containing block (19 px wide).
          expect(box.tip.width).toBeGreaterThanOrEqual(Math.min(300, box.barWidth * 0.95));
          expect(box.tip.height).toBeLessThan(120);
          expect(box.tip.left).toBeGreaterThanOrEqual(0);
          expect(box.tip.right).toBeLessThanOrEqual(box.vw);
          expect(box.tip.top).toBeGreaterThanOrEqual(0);
          expect(box.tip.bottom).toBeLessThanOrEqual(box.vh);
        });
      });
    }
  }

  it('lists no extra day list on a wide screen, where the cells are big enough to aim at', async () => {
    await withPage({ viewport: { width: 1280, height: 800 } }, '/nl/', async (page) => {
      const shown = await page.locator('details.bar-days').evaluateAll((ds) => ds.filter((d) => getComputedStyle(d).display !== 'none').length);
      expect(await page.locator('details.bar-days').count()).toBeGreaterThan(0);
      expect(shown).toBe(0);
    });
  });

  it('opens on a tap on a phone, which shows the last 30 days in cells a finger can hit', async () => {
    await withPage({ viewport: { width: 390, height: 800 }, hasTouch: true, isMobile: true }, '/nl/', async (page) => {
      const cells = await page.locator('ol.bar').first().evaluate((ol) =>
        [...ol.querySelectorAll('li.day')].map((li) => ({ shown: getComputedStyle(li).display !== 'none', width: li.getBoundingClientRect().width, height: li.getBoundingClientRect().height })),
      );
      expect(cells).toHaveLength(90);
      const shown = cells.filter((c) => c.shown);
      expect(shown).toHaveLength(30);
      // The shown ones are the last 30: today is the right-most.
      expect(cells.slice(60).every((c) => c.shown)).toBe(true);
      for (const c of shown) {
        expect(c.width).toBeGreaterThanOrEqual(9);
        expect(c.height).toBeGreaterThanOrEqual(24);
      }
      const box = await tooltipBox(page, (cell) => cell.tap());
      expect(box.tip.width).toBeGreaterThanOrEqual(300);
      expect(box.tip.left).toBeGreaterThanOrEqual(0);
      expect(box.tip.right).toBeLessThanOrEqual(box.vw);
      expect(box.tip.top).toBeGreaterThanOrEqual(0);
      // The legend under the bar names the span it shows.
      expect(await page.locator('.bar-legend').first().innerText()).toMatch(/^30 dagen geleden\s+Vandaag$/);
      // The cells are under 24 px wide: the days of these 30 that had something are also a list of
      // text with links of ordinary size (WCAG 2.5.8), one item per coloured (or incident) cell.
      const first = page.locator('ol.bar').first();
      const notable = await first.evaluate((ol) =>
        [...ol.querySelectorAll('li.day')].slice(-30).filter((li) => !/status-(ok|nodata)/.test(li.className) || li.querySelector('.tip a')).length,
      );
      const days = page.locator('.bar-wrap').first().locator('details.bar-days');
      if (notable === 0) expect(await days.count()).toBe(0);
      else {
        expect(await days.locator('summary').innerText()).toBe(notable === 1 ? '1 dag met storing of onderhoud' : `${notable} dagen met storing of onderhoud`);
        await days.locator('summary').tap();
        expect(await days.locator('li').count()).toBe(notable);
        for (const a of await days.locator('a').all()) expect((await a.boundingBox())!.height).toBeGreaterThanOrEqual(24);
      }
      // Keyboard and screen readers meet the same 30: hidden days are out of the tab order.
      const focusable = await page.locator('ol.bar').first().evaluate((ol) => [...ol.querySelectorAll('li.day')].filter((li) => (li as HTMLElement).checkVisibility()).length);
      expect(focusable).toBe(30);
    });
  });
});

/** Elements sticking out of the viewport, and words in table cells drawn on more than one line. */
async function layoutFaults(page: Page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const hidden = (el: Element): boolean => {
      for (let e: Element | null = el; e; e = e.parentElement) {
        const cs = getComputedStyle(e);
        if (cs.display === 'none' || cs.visibility === 'hidden') return true;
        // Visually hidden on purpose (tooltips at rest, table headers on a phone): a clipped 1 px box.
        if (cs.clipPath !== 'none' && e.getBoundingClientRect().width <= 1) return true;
      }
      return false;
    };
    const describe = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className && typeof el.className === 'string' ? `.${el.className.trim().split(/\s+/).join('.')}` : ''} "${(el.textContent ?? '').trim().slice(0, 40)}"`;
    const wide: string[] = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue;
      if ((r.right > vw + 0.5 || r.left < -0.5) && !hidden(el)) wide.push(`${describe(el)} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
    }
    // A word (a run of letters and digits; "SLA-uptime" may break at its hyphen) whose letters sit on
    // more than one line was broken mid-letter.
    const broken: string[] = [];
    for (const cell of document.querySelectorAll('table th, table td, .chart-label, .service-name')) {
      if (hidden(cell)) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (const m of text.matchAll(/[\p{L}\p{N}]{2,}/gu)) {
          const range = document.createRange();
          range.setStart(node, m.index!);
          range.setEnd(node, m.index! + m[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(`"${m[0]}" in ${describe(cell)}`);
        }
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, vw, wide: wide.slice(0, 10), broken: broken.slice(0, 10) };
  });
}

describe('phone layout', () => {
  const pages: [string, () => string][] = [
    ['home (nl)', () => '/nl/'],
    ['home (en)', () => '/en/'],
    ['an incident', () => paths.incident!],
    ['SLA', () => '/nl/sla'],
    ['a month report', () => paths.month!],
    ['a quarter report', () => paths.quarter!],
    ['a year report', () => paths.year!],
    ['subscribe', () => '/nl/subscribe'],
    ['history', () => '/nl/incidents'],
  ];
  for (const width of [390, 320]) {
    for (const [name, path] of pages) {
      it(`fits ${width} px on ${name}, with no word broken between letters`, async () => {
        await withPage({ viewport: { width, height: 800 } }, path(), async (page) => {
          const faults = await layoutFaults(page);
          expect(faults.scrollWidth).toBeLessThanOrEqual(width);
          expect(faults.wide, 'elements outside the viewport').toEqual([]);
          expect(faults.broken, 'words broken mid-letter').toEqual([]);
        });
      });
    }
  }

  it('turns the month report’s tables into cards: not 12,000 px tall on a phone', async () => {
    const height = (width: number) => withPage({ viewport: { width, height: 800 } }, paths.month!, (page) => page.evaluate(() => document.documentElement.scrollHeight));
    const desktop = await height(1280);
    const phone = await height(390);
    // Before: 2,911 px at 1280 and 12,253 px at 390 (names one letter per line).
    expect(phone).toBeLessThan(desktop * 2.5);
    await withPage({ viewport: { width: 390, height: 800 } }, paths.month!, async (page) => {
      const card = await page.locator('.report-table tbody tr').first().evaluate((tr) => ({ display: getComputedStyle(tr).display, label: getComputedStyle(tr.querySelector('td')!, '::before').content }));
      expect(card.display).toBe('grid');
      expect(card.label).toBe('"Uptime"');
    });
  });

  it('keeps desktop table headers whole at 1280 px', async () => {
    for (const path of [paths.month!, paths.year!, '/nl/sla']) {
      await withPage({ viewport: { width: 1280, height: 800 } }, path, async (page) => {
        expect((await layoutFaults(page)).broken, path).toEqual([]);
      });
    }
  });
});

/** WCAG relative luminance and contrast of two computed CSS colours ("rgb(…)"). */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = c.match(/[\d.]+/g)!.slice(0, 3).map((v) => {
      const s = Number(v) / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

describe('dark scheme', () => {
  const pages: [string, () => string][] = [
    ['home (nl)', () => '/nl/'],
    ['home (en)', () => '/en/'],
    ['an incident', () => paths.incident!],
    ['SLA', () => '/nl/sla'],
    ['a month report', () => paths.month!],
    ['a year report', () => paths.year!],
    ['subscribe', () => '/nl/subscribe'],
  ];
  for (const [name, path] of pages) {
    it(`is dark and passes axe's colour contrast on ${name}`, async () => {
      await withPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, path(), async (page) => {
        const colours = await page.evaluate(() => ({ bg: getComputedStyle(document.body).backgroundColor, text: getComputedStyle(document.body).color, scheme: getComputedStyle(document.documentElement).colorScheme }));
        expect(colours.scheme).toBe('light dark');
        // The page really is dark: a near-black background under light text.
        expect(contrast(colours.bg, 'rgb(0, 0, 0)')).toBeLessThan(1.3);
        expect(contrast(colours.text, colours.bg)).toBeGreaterThanOrEqual(12);
        const violations = (await axeViolations(page)).filter((v) => v.id === 'color-contrast' || v.id === 'link-in-text-block');
        if (violations.length > 0) console.error(describeViolations(path(), violations));
        expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
      });
    });
  }

  it('keeps every status colour readable as text (≥ 4.5:1) and as a bar cell (≥ 3:1) in both schemes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await withPage({ viewport: { width: 1280, height: 800 }, colorScheme }, '/nl/', async (page) => {
        const pairs = await page.evaluate(() => {
          const bg = getComputedStyle(document.body).backgroundColor;
          return ['ok', 'degraded', 'partial', 'major', 'maintenance', 'nodata'].map((kind) => {
            const probe = document.createElement('span');
            probe.className = `badge status-${kind}`;
            probe.textContent = kind;
            const cell = document.createElement('span');
            cell.className = `swatch status-${kind}`;
            document.querySelector('main')!.append(probe, cell);
            return { kind, bg, text: getComputedStyle(probe).color, cell: getComputedStyle(cell).backgroundColor };
          });
        });
        for (const p of pairs) {
          expect(contrast(p.text, p.bg), `${colorScheme} ${p.kind} text`).toBeGreaterThanOrEqual(4.5);
          expect(contrast(p.cell, p.bg), `${colorScheme} ${p.kind} cell`).toBeGreaterThanOrEqual(3);
        }
        // The tooltip is inverted in both schemes and readable.
        const tip = await tooltipBox(page, (cell) => cell.hover()).then(() =>
          page.locator('ol.bar').first().locator('li.day:visible').nth(-3).evaluate((li) => {
            const cs = getComputedStyle(li.querySelector('.tip')!);
            return { text: cs.color, bg: cs.backgroundColor };
          }),
        );
        expect(contrast(tip.text, tip.bg)).toBeGreaterThanOrEqual(4.5);
      });
    }
  });
});

describe('print', () => {
  it('prints a report black on white without the navigation', async () => {
    await withPage({ viewport: { width: 1280, height: 800 }, colorScheme: 'dark' }, paths.month!, async (page) => {
      await page.emulateMedia({ media: 'print' });
      const printed = await page.evaluate(() => ({
        nav: getComputedStyle(document.querySelector('.site-nav')!).display,
        follow: getComputedStyle(document.querySelector('.follow')!).display,
        bg: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
      }));
      expect(printed).toEqual({ nav: 'none', follow: 'none', bg: 'rgb(255, 255, 255)', text: 'rgb(0, 0, 0)' });
    });
  });
});

describe('SLA chart', () => {
  it('draws a month as one labelled bar per covered service on an axis scaled to the data', async () => {
    await withPage({ viewport: { width: 1280, height: 800 } }, paths.month!, async (page) => {
      const chart = await page.locator('.sla-chart').evaluate((fig) => {
        const img = fig.querySelector('[role="img"]')!;
        const rows = [...fig.querySelectorAll('.chart-row')].map((row) => ({
          label: row.querySelector('.chart-label')!.textContent!.trim(),
          value: row.querySelector('.chart-value')!.textContent!.trim(),
          bar: row.querySelector('.chart-bar')?.getBoundingClientRect().right ?? null,
          track: row.querySelector('.chart-track')!.getBoundingClientRect().right,
        }));
        return {
          name: img.getAttribute('aria-labelledby') && document.getElementById(img.getAttribute('aria-labelledby')!)!.textContent,
          desc: document.getElementById(img.getAttribute('aria-describedby')!)!.textContent,
          ticks: [...fig.querySelectorAll('.chart-tick')].map((t) => t.textContent),
          axis: fig.querySelector('.chart-axis-label')!.textContent,
          rows,
        };
      });
      // One row per covered service with figures in the services table (7 of the demo's 8 are covered).
      const covered = await page.locator('section[aria-labelledby="report-services"] tbody tr').evaluateAll((trs) =>
        trs.filter((tr) => !tr.querySelector('td[colspan]')).map((tr) => tr.querySelector('th')!.textContent!.trim()),
      );
      expect(chart.rows.map((r) => r.label)).toEqual(covered);
      expect(chart.rows.length).toBeGreaterThan(1);
      for (const r of chart.rows) {
        expect(r.value).toMatch(/^\d{2,3},\d\d\u00a0%$/);
        expect(r.bar).not.toBeNull();
        expect(r.bar!).toBeLessThanOrEqual(r.track + 0.5);
      }
      expect(chart.name).toMatch(/^SLA-uptime per dienst tegenover de garantie van 99,9\u00a0%, \w+ \d{4}$/);
      expect(chart.axis).toBe('SLA-uptime');
      // The demo's figures are all above 99 %: the axis starts at a floor near them, not at 0.
      expect(chart.ticks[1]).toBe('100\u00a0%');
      const floor = Number(chart.ticks[0]!.replace(',', '.').replace(/\u00a0%$/, ''));
      expect(floor).toBeGreaterThanOrEqual(98);
      expect(chart.desc).toContain(`De as begint bij ${chart.ticks[0]}`);
    });
  });

  it('draws a year as twelve labelled months that stay inside the plot', async () => {
    await withPage({ viewport: { width: 390, height: 800 } }, paths.year!, async (page) => {
      const rows = await page.locator('.chart-row').evaluateAll((rs) =>
        rs.map((row) => ({
          label: row.querySelector('.chart-label')!.textContent!.trim(),
          value: row.querySelector('.chart-value')!.textContent!.trim(),
          bar: row.querySelector('.chart-bar')?.getBoundingClientRect().right ?? null,
          track: row.querySelector('.chart-track')!.getBoundingClientRect().right,
        })),
      );
      expect(rows).toHaveLength(12);
      expect(rows.map((r) => r.label)).toEqual(['jan', 'feb', 'mrt', 'apr', 'mei', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec']);
      for (const r of rows) {
        expect(r.value).toMatch(/^(\d{2,3},\d\d\u00a0%|Geen gegevens)$/);
        if (r.bar !== null) expect(r.bar).toBeLessThanOrEqual(r.track + 0.5);
      }
    });
  });
});

describe('subscribe options', () => {
  for (const path of ['/nl/', '/en/incidents', '/nl/sla']) {
    it(`shows email, feeds and the maintenance calendar as links on ${path}`, async () => {
      await withPage({ viewport: { width: 390, height: 800 } }, path, async (page) => {
        const locale = path.slice(1, 3);
        const links = page.locator('footer .follow a');
        const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        expect(hrefs).toEqual([`/${locale}/subscribe`, `/${locale}/feed.rss`, `/${locale}/feed.atom`, `/${locale}/feed.json`, `/${locale}/maintenance.ics`]);
        for (let i = 0; i < hrefs.length; i++) {
          expect(await links.nth(i).isVisible()).toBe(true);
          const box = (await links.nth(i).boundingBox())!;
          expect(box.height).toBeGreaterThanOrEqual(24);
        }
        for (const href of hrefs.slice(1)) expect((await fetch(`${server.url}${href}`)).status, href!).toBe(200);
      });
    });
  }
});
