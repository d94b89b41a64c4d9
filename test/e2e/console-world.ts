// The staff console in a real browser: a server over a fresh database with three services and one
// staff account per role, and helpers to sign in and to move by keyboard only.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { CLI_ACTOR } from '../../src/cli/common.ts';
import { createService } from '../../src/services/catalog/admin.ts';
import { consoleWorld, PASSWORDS, type ConsoleWorld } from '../support/console.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { launchChromium } from './browser.ts';

const DAY = 86_400_000;

export interface BrowserWorld {
  server: RunningServer;
  world: ConsoleWorld;
  browser: Browser;
  services: Record<'web' | 'mail' | 'dns', { id: number; name: string; slug: string }>;
  close: () => Promise<void>;
}

/**
 * `seed` writes a test's own records before the server opens the database: written while it runs,
 * they race its outbox workers for SQLite's one write lock (seen once in CI: "database is locked").
 */
export async function browserWorld(seed?: (world: ConsoleWorld) => void): Promise<BrowserWorld> {
  const path = tempDbPath('console-e2e');
  const world = await consoleWorld(path);
  const start = new Date(Date.now() - 20 * DAY).toISOString();
  const make = (name: string, slug: string, group: string) => {
    const s = createService(world.ctx, CLI_ACTOR, { name, slug, group, startDate: start });
    return { id: s.id, name: s.name, slug: s.slug };
  };
  const services = { web: make('Web hosting', 'web-hosting', 'Hosting'), mail: make('Webmail', 'webmail', 'Hosting'), dns: make('DNS', 'dns', 'Network') };
  seed?.(world);
  const server = await startServer({ databasePath: path });
  const browser = await launchChromium();
  return {
    server,
    world,
    browser,
    services,
    close: async () => {
      await browser.close();
      await server.stop();
      world.ctx.db.$client.close();
    },
  };
}

/** Signs in through the form, with the mouse. */
export async function signIn(page: Page, base: string, role: 'viewer' | 'editor' | 'admin', locale = 'en'): Promise<void> {
  await page.goto(`${base}/${locale}/admin`);
  await page.fill('#email', `${role}@example.com`);
  await page.fill('#password', PASSWORDS[role]);
  await Promise.all([page.waitForURL(new RegExp(`/${locale}/admin$`)), page.click('form[method="post"] button[type="submit"]')]);
}

/** Presses Tab until the focused element matches `selector`; fails if it is never reached. */
export async function tabTo(page: Page, selector: string, max = 200): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) {
      // A keyboard user must see where they are.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
      expect({ selector, outline }).not.toEqual({ selector, outline: 'none' });
      return;
    }
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${selector}`);
}

/** Tab to a field and type into it. */
export async function typeInto(page: Page, selector: string, text: string): Promise<void> {
  await tabTo(page, selector);
  await page.keyboard.type(text);
}

/** Tab to a button or link and press Enter, waiting for the navigation it starts. */
export async function activate(page: Page, selector: string, url?: RegExp): Promise<void> {
  await tabTo(page, selector);
  // The next page load (the URL alone may not change: a form posting back to its own page).
  await Promise.all([page.waitForEvent('load'), page.keyboard.press('Enter')]);
  if (url) expect(page.url()).toMatch(url);
}

/**
 * Types a date and time into a datetime-local input, segment by segment, as Chromium lays it out
 * for the contexts' en-US locale: month, day, year, then hour (12-hour clock), minute and AM/PM.
 */
export async function typeLocalTime(page: Page, selector: string, local: string): Promise<void> {
  await tabTo(page, selector);
  const [, y, mo, d, h, mi] = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local)!;
  const hour = Number(h);
  for (const part of [mo, d, y]) await page.keyboard.type(part!);
  await page.keyboard.press('ArrowRight');
  await page.keyboard.type(String(hour % 12 || 12).padStart(2, '0'));
  await page.keyboard.type(mi!);
  await page.keyboard.type(hour >= 12 ? 'P' : 'A');
  expect(await page.inputValue(selector)).toBe(local);
}

export async function json(base: string, path: string): Promise<any> {
  const res = await fetch(`${base}${path}`);
  expect(res.status).toBe(200);
  return res.json();
}

export async function newContext(browser: Browser, o: { width?: number; noJs?: boolean } = {}): Promise<BrowserContext> {
  // en-US pinned: typeLocalTime types the segments in its order and on its 12-hour clock.
  return browser.newContext({ locale: 'en-US', viewport: { width: o.width ?? 1280, height: 900 }, javaScriptEnabled: !o.noJs, bypassCSP: true });
}
