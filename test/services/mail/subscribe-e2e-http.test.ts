// End to end over real HTTP, the real server process and the real Resend SDK against the fake:
// subscribe → confirmation email → confirm → incident → email with a working one-click unsubscribe
// (RFC 8058) → unsubscribe → the next incident reaches the other subscriber but not that address.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { startFakeResend, type FakeResend, type RecordedEmail } from '../../support/fake-resend.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const TOKEN = 'e2e-mail-admin-token-0123456789abcdef';
let fake: FakeResend;
let server: RunningServer;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function emailTo(address: string, subject: RegExp): Promise<RecordedEmail> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = fake.emails.find((e) => e.to.includes(address) && subject.test(e.subject));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no email to ${address} matching ${subject}; got ${JSON.stringify(fake.emails.map((e) => [e.to, e.subject]))}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function subscribeAndConfirm(email: string, locale: 'nl' | 'en') {
  const res = await fetch(`${server.url}/api/subscriptions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, locale }) });
  expect(res.status).toBe(202);
  const confirmation = await emailTo(email, /Bevestig uw aanmelding|Confirm your subscription/);
  expect(confirmation.headers['List-Unsubscribe']).toBeUndefined();
  const link = new RegExp(`${server.url}/${locale}/subscribe/confirm\\?token=(\\S+)`).exec(confirmation.text!)![1]!;
  const confirmed = await fetch(`${server.url}/api/subscriptions/confirm?token=${link}`, { method: 'POST' });
  expect(confirmed.status).toBe(200);
}

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: 're_test', requestsPerSecond: 20 });
  const path = tempDbPath('mail-e2e');
  createDb(path).$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url } });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('a subscriber’s whole life over HTTP', () => {
  it('subscribes, confirms, gets the incident, unsubscribes in one click, and gets nothing more', { timeout: 60_000 }, async () => {
    expect((await admin('POST', '/services', { name: 'Webmail', slug: 'webmail' })).status).toBe(201);
    await subscribeAndConfirm('klant@example.test', 'nl');
    await subscribeAndConfirm('blijver@example.test', 'en');

    const first = await admin('POST', '/incidents', { title: 'Webmail onbereikbaar', severity: 'high', message: 'We **onderzoeken** het.', services: [{ service: 'webmail', impact: 'major_outage' }] });
    expect(first.status).toBe(201);
    const email = await emailTo('klant@example.test', /^\[Sensey\] Storing: Webmail onbereikbaar$/);
    expect(email.html).toContain('<strong>onderzoeken</strong>');
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const oneClick = /^<(.+)>$/.exec(email.headers['List-Unsubscribe']!)![1]!;
    expect(oneClick.startsWith(`${server.url}/api/subscriptions/unsubscribe?token=`)).toBe(true);
    await emailTo('blijver@example.test', /^\[Sensey\] Incident: Webmail onbereikbaar$/);

    // What a mailbox provider does for the unsubscribe button: a form POST, no Origin, no cookies.
    const unsubscribed = await fetch(oneClick, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(unsubscribed.status).toBe(200);
    expect(await unsubscribed.text()).toBe('');

    const update = await admin('POST', `/incidents/${first.body.id}/updates`, { status: 'resolved', message: 'Opgelost.' });
    expect(update.status).toBe(201);
    await emailTo('blijver@example.test', /^\[Sensey\] Resolved: Webmail onbereikbaar$/);
    const deliveries = await admin('GET', '/deliveries');
    expect(deliveries.body.events.find((e: any) => e.type === 'incident.resolved')).toMatchObject({ expanded: true, pending: 0, sent: 1, failed: 0 });
    expect(fake.emails.filter((e) => e.to.includes('klant@example.test')).map((e) => e.subject)).toEqual(['[Sensey] Bevestig uw aanmelding', '[Sensey] Storing: Webmail onbereikbaar']);
  });
});
