// Every staff-console page in a real browser: axe-core finds no WCAG 2.2 A/AA violations (also in
// the error and warning states of the forms, and in Dutch), and nothing scrolls sideways at 390 px.
// Screenshots of the dashboard and the incident form at 1280 and 390 px go to CONSOLE_SHOTS (default
// /tmp/console-shots) for a look by eye.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/cli/common.ts';
import { toLocalInput } from '../../src/console/local-time.ts';
import { createIncident, postIncidentUpdate } from '../../src/services/incidents/commands.ts';
import { createEndpoint } from '../../src/services/webhooks/endpoints.ts';
import { saveReport } from '../../src/services/incidents/report.ts';
import { createTemplate } from '../../src/services/incidents/templates.ts';
import { issueApiKey } from '../../src/services/kernel/api-keys.ts';
import { createMaintenance } from '../../src/services/maintenance/commands.ts';
import { axeViolations, describeViolations } from './axe.ts';
import { browserWorld, newContext, signIn, type BrowserWorld } from './console-world.ts';

const HOUR = 3_600_000;
const SHOTS = process.env.CONSOLE_SHOTS ?? '/tmp/console-shots';
let w: BrowserWorld;
let desktop: BrowserContext;
let phone: BrowserContext;
const ids: Record<string, number> = {};

beforeAll(async () => {
  w = await browserWorld((world) => {
    const c = world.ctx;
    const now = Date.now();
    ids.open = createIncident(c, CLI_ACTOR, {
      title: 'Webmail unreachable for some customers',
      severity: 'critical',
      message: 'We are **investigating**.',
      startedAt: new Date(now - 25 * 60_000).toISOString(),
      services: [{ service: 'webmail', impact: 'major_outage' }, { service: 'web-hosting', impact: 'degraded_performance' }],
    }).id;
    ids.resolved = createIncident(c, CLI_ACTOR, { title: 'DNS lookups slow', severity: 'medium', message: 'Looking into it.', startedAt: new Date(now - 5 * HOUR).toISOString(), services: [{ service: 'dns', impact: 'partial_outage' }] }).id;
    postIncidentUpdate(c, CLI_ACTOR, ids.resolved, { status: 'resolved', message: 'Fixed.' });
    saveReport(c, CLI_ACTOR, ids.resolved, { body: '## What happened\nA resolver ran out of memory.' });
    ids.maintenance = createMaintenance(c, CLI_ACTOR, { title: 'Storage firmware upgrade', message: 'Short interruptions.', services: ['web-hosting'], scheduledStart: new Date(now + 5 * HOUR).toISOString(), scheduledEnd: new Date(now + 6 * HOUR).toISOString() }).id;
    ids.template = createTemplate(c, CLI_ACTOR, { name: 'Mail delays', title: 'Email delayed', severity: 'medium', message: 'Mail is slow.', services: [{ service: 'webmail', impact: 'degraded_performance' }] }).id;
    issueApiKey(c, CLI_ACTOR, { name: 'Monitoring', role: 'viewer' });
    const db = c.db.$client;
    const sub = Number(db.prepare(`INSERT INTO subscribers (email, locale, all_services, created_at, confirmed_at, updated_at) VALUES ('reader@example.org', 'en', 1, ?, ?, ?)`).run(now, now, now).lastInsertRowid);
    const event = Number(db.prepare(`INSERT INTO outbox_events (type, entity_type, entity_id, service_ids, payload, notify, created_at, processed_at) VALUES ('incident.created', 'incident', ?, '[]', '{}', 1, ?, ?)`).run(ids.open, now, now).lastInsertRowid);
    db.prepare(`INSERT INTO deliveries (event_id, subscriber_id, state, attempts, next_attempt_at, created_at, last_error) VALUES (?, ?, 'failed', 3, ?, ?, '422 validation_error: invalid to address')`).run(event, sub, now, now);
    // Webhooks: one working, one disabled with its reason and a delivery with two attempts.
    createEndpoint(c, CLI_ACTOR, { name: 'On-call', url: 'https://hooks.example.com/status', services: ['webmail'] });
    const broken = createEndpoint(c, CLI_ACTOR, { name: 'Team chat', url: 'https://chat.example.com/hook', preset: 'slack' }).id;
    db.prepare(`UPDATE webhook_endpoints SET disabled_at = ?, disabled_reason = 'Disabled after 30 failed attempts in a row; the last, at 2026-12-02T10:00:00.000Z: HTTP 500.', consecutive_failures = 30 WHERE id = ?`).run(now, broken);
    const hook = Number(db.prepare(`INSERT INTO webhook_deliveries (event_id, endpoint_id, subject, event_key, event_type, body, state, attempts, next_attempt_at, created_at) VALUES (?, ?, '', ?, 'incident.created', '{}', 'pending', 2, ?, ?)`).run(event, broken, `evt_${event}`, now, now).lastInsertRowid);
    db.prepare(`INSERT INTO webhook_attempts (delivery_id, at, duration_ms, status_code, error) VALUES (?, ?, 120, 500, 'HTTP 500'), (?, ?, 10000, NULL, 'no answer within 10000 ms')`).run(hook, now - 60_000, hook, now);
  });

  desktop = await newContext(w.browser);
  phone = await newContext(w.browser, { width: 390 });
  await signIn(await desktop.newPage(), w.server.url, 'admin');
  await signIn(await phone.newPage(), w.server.url, 'admin');
  mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await desktop?.close();
  await phone?.close();
  await w?.close();
});

const PAGES: [string, () => string][] = [
  ['dashboard', () => '/en/admin'],
  ['dashboard (nl)', () => '/nl/admin'],
  ['incidents', () => '/en/admin/incidents'],
  ['new incident', () => '/en/admin/incidents/new'],
  ['new incident from a template (nl)', () => `/nl/admin/incidents/new?template=${ids.template}`],
  ['an open incident', () => `/en/admin/incidents/${ids.open}`],
  ['a resolved incident (reopen)', () => `/en/admin/incidents/${ids.resolved}`],
  ['correct an incident', () => `/en/admin/incidents/${ids.open}/edit`],
  ['post-incident report', () => `/en/admin/incidents/${ids.resolved}/report`],
  ['templates', () => '/en/admin/templates'],
  ['new template', () => '/en/admin/templates/new'],
  ['a template', () => `/en/admin/templates/${ids.template}`],
  ['maintenance', () => '/en/admin/maintenance'],
  ['new maintenance', () => '/en/admin/maintenance/new'],
  ['a maintenance window', () => `/en/admin/maintenance/${ids.maintenance}`],
  ['change maintenance', () => `/en/admin/maintenance/${ids.maintenance}/edit`],
  ['services', () => '/en/admin/services'],
  ['a service', () => `/en/admin/services/${w.services.mail.id}`],
  ['groups', () => '/en/admin/groups'],
  ['API keys', () => '/en/admin/keys'],
  ['webhooks (one disabled, with attempts)', () => '/en/admin/webhooks'],
  ['webhooks (nl)', () => '/nl/admin/webhooks'],
  ['subscribers with a search', () => '/en/admin/subscribers?q=example'],
  ['deliveries', () => '/en/admin/deliveries'],
  ['audit log', () => '/en/admin/audit'],
];

async function expectNoViolations(page: Page, what: string) {
  const violations = await axeViolations(page);
  if (violations.length > 0) console.error(describeViolations(what, violations));
  expect(violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
}

async function expectNoSideways(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
}

describe('axe-core (WCAG 2.2 A and AA) and 390 px', () => {
  for (const [name, path] of PAGES) {
    it(`${name}`, async () => {
      for (const context of [desktop, phone]) {
        const page = await context.newPage();
        try {
          const res = await page.goto(`${w.server.url}${path()}`);
          expect(res?.status()).toBe(200);
          await expectNoViolations(page, path());
          if (context === phone) await expectNoSideways(page);
        } finally {
          await page.close();
        }
      }
    });
  }

  it('the sign-in page, also with its error', async () => {
    const anonymous = await newContext(w.browser, { width: 390 });
    try {
      const page = await anonymous.newPage();
      await page.goto(`${w.server.url}/en/admin/sign-in`);
      await expectNoViolations(page, 'sign-in');
      await expectNoSideways(page);
      await page.fill('#email', 'admin@example.com');
      await page.fill('#password', 'not the password at all');
      await Promise.all([page.waitForEvent('load'), page.click('form[method="post"] button[type="submit"]')]);
      expect(await page.locator('.error-summary').textContent()).toContain('The email address or the password is not right.');
      await expectNoViolations(page, 'sign-in with an error');
    } finally {
      await anonymous.close();
    }
  });

  it('a refused incident form, with the errors next to their fields', async () => {
    const page = await phone.newPage();
    await page.goto(`${w.server.url}/en/admin/incidents/new`);
    await Promise.all([page.waitForEvent('load'), page.click('button[value="save"]')]);
    expect(await page.locator('.error-summary li').allTextContents()).toEqual(['Enter a title of at most 200 characters.', 'Choose a severity.', 'Enter a message (at most 50,000 characters).', 'Choose at least one service.']);
    expect(await page.getAttribute('#title', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#title', 'aria-describedby')).toBe('title-hint title-error');
    await expectNoViolations(page, 'incident form with errors');
    await expectNoSideways(page);
    await page.close();
  });

  it('the short-notice warning of the maintenance form, with its preview shown', async () => {
    const page = await phone.newPage();
    await page.goto(`${w.server.url}/en/admin/maintenance/new`);
    await page.fill('#title', 'Core router swap');
    await page.fill('#message', 'Expect **two** short breaks.');
    await page.check(`#service-${w.services.dns.id}`);
    await page.fill('#start', toLocalInput(Date.now() + 2 * HOUR, 'Europe/Amsterdam'));
    await page.fill('#end', toLocalInput(Date.now() + 3 * HOUR, 'Europe/Amsterdam'));
    await page.click('[data-preview-button="message"]');
    await expect.poll(() => page.locator('#message-preview strong').textContent()).toBe('two');
    await Promise.all([page.waitForEvent('load'), page.click('button[value="check"]')]);
    expect(await page.locator('#notice-check [role="alert"]').textContent()).toContain('less than the 48 hours the SLA requires');
    await expectNoViolations(page, 'maintenance short-notice check');
    await expectNoSideways(page);
    await page.close();
  });
});

describe('screenshots', () => {
  it(`writes the dashboard and the incident form at 1280 and 390 px to ${SHOTS}`, async () => {
    for (const [context, width] of [[desktop, 1280], [phone, 390]] as const) {
      const page = await context.newPage();
      await page.goto(`${w.server.url}/en/admin`);
      await page.screenshot({ path: join(SHOTS, `dashboard-${width}.png`), fullPage: true });
      await page.goto(`${w.server.url}/en/admin/incidents/new?template=${ids.template}`);
      await page.screenshot({ path: join(SHOTS, `incident-form-${width}.png`), fullPage: true });
      await page.close();
    }
  });
});
