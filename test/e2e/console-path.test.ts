// The staff console's whole path in a real browser, twice: with the mouse (and the script's live
// markdown preview), and with the keyboard only. Sign in; post an incident on two services; see it
// on the public page and in /api/v2/summary.json; post an update that changes an impact; resolve;
// write and publish the post-incident report; schedule maintenance with less than 48 hours of
// notice and see the warning before it is saved.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toLocalInput } from '../../src/console/local-time.ts';
import { activate, browserWorld, json, newContext, signIn, tabTo, typeInto, typeLocalTime, type BrowserWorld } from './console-world.ts';
import { PASSWORDS } from '../support/console.ts';

const HOUR = 3_600_000;
const TZ = 'Europe/Amsterdam';
let w: BrowserWorld;
let ctx: BrowserContext;

beforeAll(async () => {
  w = await browserWorld();
  ctx = await newContext(w.browser);
});
afterAll(async () => {
  await ctx?.close();
  await w?.close();
});

const component = (summary: any, name: string) => summary.components.find((c: any) => c.name === name)?.status;
const flash = (page: Page) => page.locator('.flash').textContent();

/** What the public side says at each step, by the services' names. */
async function publicState(title: string) {
  const summary = await json(w.server.url, '/api/v2/summary.json');
  const incident = summary.incidents.find((i: any) => i.name === title);
  return {
    web: component(summary, 'Web hosting'),
    mail: component(summary, 'Webmail'),
    dns: component(summary, 'DNS'),
    incident: incident ? { status: incident.status, components: incident.components.map((c: any) => c.name).sort() } : null,
  };
}

async function expectPublicHome(title: string, shown: boolean) {
  const home = await (await fetch(`${w.server.url}/en/`)).text();
  expect(home.includes(title)).toBe(shown);
}

describe('with the mouse', () => {
  it('runs an incident from first post to published report, then schedules short-notice maintenance', async () => {
    const page = await ctx.newPage();
    const title = 'Web hosting and webmail unreachable';
    await signIn(page, w.server.url, 'editor');
    await Promise.all([page.waitForURL(/\/incidents\/new$/), page.click('a.button:has-text("Post an incident")')]);
    await page.fill('#title', title);
    await page.selectOption('#severity', 'critical');
    await page.fill('#message', 'We are **investigating** reports.');
    await page.selectOption(`#impact-${w.services.web.id}`, 'major_outage');
    await page.selectOption(`#impact-${w.services.mail.id}`, 'partial_outage');
    // The live preview: fetched by the script, rendered by the sanitising renderer.
    await page.click('[data-preview-button="message"]');
    await expect.poll(() => page.locator('#message-preview strong').textContent()).toBe('investigating');
    await Promise.all([page.waitForURL(/\/en\/admin\/incidents\/\d+$/), page.click('button[value="save"]')]);
    const id = Number(/(\d+)$/.exec(page.url())![1]);
    expect(await flash(page)).toBe(`Incident #${id} is posted.`);

    expect(await publicState(title)).toEqual({ web: 'major_outage', mail: 'partial_outage', dns: 'operational', incident: { status: 'investigating', components: ['Web hosting', 'Webmail'] } });
    await expectPublicHome(title, true);

    await page.selectOption('#status', 'identified');
    await page.fill('#message', 'A core switch failed; webmail is only slow now.');
    await page.selectOption(`#impact-${w.services.mail.id}`, 'degraded_performance');
    await Promise.all([page.waitForEvent('load'), page.click('button[value="update"]')]);
    expect(await flash(page)).toBe(`The update to incident #${id} is posted.`);
    expect(await publicState(title)).toEqual({ web: 'major_outage', mail: 'degraded_performance', dns: 'operational', incident: { status: 'identified', components: ['Web hosting', 'Webmail'] } });

    // Status goes forward only: the form no longer offers "investigating".
    expect(await page.locator('#status option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['identified', 'monitoring', 'resolved']);
    await page.selectOption('#status', 'resolved');
    await page.fill('#message', 'The switch is replaced; everything works again.');
    await Promise.all([page.waitForEvent('load'), page.click('button[value="update"]')]);
    expect(await publicState(title)).toEqual({ web: 'operational', mail: 'operational', dns: 'operational', incident: null });

    await Promise.all([page.waitForURL(/\/report$/), page.click('a:has-text("Post-incident report")')]);
    await page.fill('#body', '## What happened\nA core switch failed after a firmware update.');
    await Promise.all([page.waitForURL(new RegExp(`/incidents/${id}$`)), page.click('button[value="publish"]')]);
    expect(await flash(page)).toBe(`The report of incident #${id} is published.`);
    const incidentPage = await (await fetch(`${w.server.url}/en/incidents/${id}`)).text();
    expect(incidentPage).toContain('A core switch failed after a firmware update.');
    expect(incidentPage).toContain('The switch is replaced; everything works again.');

    await scheduleShortNotice(page, 'mouse');
    await page.close();
  });
});

describe('with the keyboard only', () => {
  it('runs the same path without a pointer', async () => {
    const own = await newContext(w.browser);
    const page = await own.newPage();
    const title = 'DNS answers slowly';
    await page.goto(`${w.server.url}/en/admin`);
    await typeInto(page, '#email', 'admin@example.com');
    await typeInto(page, '#password', PASSWORDS.admin);
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/en\/admin$/);

    await activate(page, 'a.button[href$="/incidents/new"]', /\/incidents\/new$/);
    await typeInto(page, '#title', title);
    await tabTo(page, '#severity');
    await page.keyboard.type('High');
    await typeInto(page, '#message', 'Lookups take *seconds*.');
    await tabTo(page, `#impact-${w.services.dns.id}`);
    await page.keyboard.type('Partial');
    await tabTo(page, `#impact-${w.services.mail.id}`);
    await page.keyboard.type('Degraded');
    expect([await page.inputValue('#severity'), await page.inputValue(`#impact-${w.services.dns.id}`), await page.inputValue(`#impact-${w.services.mail.id}`)]).toEqual(['high', 'partial_outage', 'degraded_performance']);
    await activate(page, 'button[value="save"]', /\/en\/admin\/incidents\/\d+$/);
    const id = Number(/(\d+)$/.exec(page.url())![1]);
    expect(await flash(page)).toBe(`Incident #${id} is posted.`);
    expect(await publicState(title)).toEqual({ web: 'operational', mail: 'degraded_performance', dns: 'partial_outage', incident: { status: 'investigating', components: ['DNS', 'Webmail'] } });

    await tabTo(page, '#status');
    await page.keyboard.type('Monitoring');
    await typeInto(page, '#message', 'A resolver was restarted; watching.');
    await activate(page, 'button[value="update"]', new RegExp(`/incidents/${id}$`));
    expect(await flash(page)).toBe(`The update to incident #${id} is posted.`);
    expect((await publicState(title)).incident).toEqual({ status: 'monitoring', components: ['DNS', 'Webmail'] });

    await tabTo(page, '#status');
    await page.keyboard.type('Resolved');
    await typeInto(page, '#message', 'Lookups are fast again.');
    await activate(page, 'button[value="update"]', new RegExp(`/incidents/${id}$`));
    expect(await publicState(title)).toEqual({ web: 'operational', mail: 'operational', dns: 'operational', incident: null });

    await activate(page, `a[href$="/incidents/${id}/report"]`, /\/report$/);
    await typeInto(page, '#body', 'A resolver ran out of memory.');
    await activate(page, 'button[value="publish"]', new RegExp(`/incidents/${id}$`));
    expect(await flash(page)).toBe(`The report of incident #${id} is published.`);
    expect(await (await fetch(`${w.server.url}/en/incidents/${id}`)).text()).toContain('A resolver ran out of memory.');

    await scheduleShortNotice(page, 'keyboard');
    await own.close();
  });
});

describe('without JavaScript', () => {
  it('previews markdown by posting the form back, keeps what was typed, then posts', async () => {
    const noJs = await newContext(w.browser, { noJs: true });
    try {
      const page = await noJs.newPage();
      await signIn(page, w.server.url, 'editor');
      await page.goto(`${w.server.url}/en/admin/incidents/new`);
      await page.fill('#title', 'Portal login fails');
      await page.selectOption('#severity', 'low');
      await page.fill('#message', 'Some logins **fail**.');
      await page.selectOption(`#impact-${w.services.web.id}`, 'degraded_performance');
      await Promise.all([page.waitForEvent('load'), page.click('[data-preview-button="message"]')]);
      expect(await page.locator('#message-preview strong').textContent()).toBe('fail');
      expect([await page.inputValue('#title'), await page.inputValue('#severity'), await page.inputValue(`#impact-${w.services.web.id}`)]).toEqual(['Portal login fails', 'low', 'degraded_performance']);
      await Promise.all([page.waitForURL(/\/incidents\/\d+$/), page.click('button[value="save"]')]);
      expect(await flash(page)).toMatch(/^Incident #\d+ is posted\.$/);
    } finally {
      await noJs.close();
    }
  });
});

/** Schedules a window 3 hours ahead: the form warns before saving and saves only after the tick. */
async function scheduleShortNotice(page: Page, how: 'mouse' | 'keyboard') {
  const start = toLocalInput(Date.now() + 3 * HOUR, TZ);
  const end = toLocalInput(Date.now() + 4 * HOUR, TZ);
  const title = `Switch replacement (${how})`;
  await page.goto(`${w.server.url}/en/admin`);
  if (how === 'mouse') {
    await Promise.all([page.waitForURL(/\/maintenance\/new$/), page.click('a.button:has-text("Schedule maintenance")')]);
    await page.fill('#title', title);
    await page.fill('#message', 'Short interruptions of web hosting.');
    await page.check(`#service-${w.services.web.id}`);
    await page.fill('#start', start);
    await page.fill('#end', end);
    await Promise.all([page.waitForEvent('load'), page.click('button[value="save"]')]);
  } else {
    await activate(page, 'a.button[href$="/maintenance/new"]', /\/maintenance\/new$/);
    await typeInto(page, '#title', title);
    await typeInto(page, '#message', 'Short interruptions of web hosting.');
    await tabTo(page, `#service-${w.services.web.id}`);
    await page.keyboard.press('Space');
    await typeLocalTime(page, '#start', start);
    await typeLocalTime(page, '#end', end);
    await activate(page, 'button[value="save"]');
  }
  // Not saved yet: the warning and who would be emailed, and a box to tick.
  expect(page.url()).toMatch(/\/maintenance\/new$/);
  const warning = await page.locator('#notice-check [role="alert"]').textContent();
  expect(warning).toMatch(/^Announced now, this window gets only (2\.9|3) h notice, less than the 48 hours the SLA requires: while it is in progress it counts as downtime for SLA uptime\.$/);
  expect(await page.locator('#notice-check').textContent()).toContain('No confirmed subscriber follows these services: nobody is emailed.');
  expect(await page.locator('#acceptShortNotice-error').textContent()).toBe('Tick the box to schedule with short notice, or move the start later.');
  expect((await json(w.server.url, '/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances.map((m: any) => m.name)).not.toContain(title);

  if (how === 'mouse') {
    await page.check('#acceptShortNotice');
    await Promise.all([page.waitForURL(/\/maintenance\/\d+$/), page.click('button[value="save"]')]);
  } else {
    await tabTo(page, '#acceptShortNotice');
    await page.keyboard.press('Space');
    await activate(page, 'button[value="save"]', /\/maintenance\/\d+$/);
  }
  const id = Number(/(\d+)$/.exec(page.url())![1]);
  expect(await flash(page)).toMatch(new RegExp(`^Maintenance #${id} is scheduled with (2\\.9|3) h notice: less than the 48 h the SLA asks, so it counts as downtime\\.$`));
  expect((await json(w.server.url, '/api/v2/scheduled-maintenances/upcoming.json')).scheduled_maintenances.map((m: any) => m.name)).toContain(title);
}
