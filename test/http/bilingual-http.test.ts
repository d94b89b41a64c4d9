// Texts in two languages over real HTTP against the real built server, with the real Resend SDK
// against the fake: each page, feed and email gives the reader's language, and where no
// translation was written shows the original visibly marked (its `lang` and a note). The admin API
// refuses malformed translations and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../db/client.ts';
import { startFakeResend, type FakeResend, type RecordedEmail } from '../support/fake-resend.ts';
import { startServer, tempDbPath, type RunningServer } from '../support/server.ts';
import { emailTo, subscribeAndConfirm } from '../support/subscriber.ts';

const TOKEN = 'bilingual-admin-token-0123456789abcdef';
let fake: FakeResend;
let server: RunningServer;

async function admin(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/api/admin${p}`, { method, headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: res.status, body: await res.json() };
}

async function page(path: string): Promise<string> {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

/** The body part of the plain text: between the facts and the link. */
const messageOf = (e: RecordedEmail) => e.text!.split('\n\n')[3];

beforeAll(async () => {
  fake = await startFakeResend({ apiKey: 're_test', requestsPerSecond: 20 });
  const path = tempDbPath('bilingual');
  createDb(path).$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN, RESEND_API_KEY: 're_test', RESEND_BASE_URL: fake.url } });
});

afterAll(async () => {
  await server?.stop();
  await fake?.close();
});

describe('two languages', () => {
  let incidentId: number;

  it('refuses malformed languages and translations with 400, writing nothing', async () => {
    const base = { title: 'Webmail traag', severity: 'medium', message: 'We onderzoeken het.', services: [{ service: 'nope', impact: 'degraded_performance' }] };
    for (const bad of [{ lang: 'de' }, { translation: { title: '' } }, { translation: { title: 'x', subtitle: 'y' } }, { translation: 'Slow webmail' }, { translation: { message: '   ' } }]) {
      const res = await admin('POST', '/incidents', { ...base, ...bad });
      expect({ bad, status: res.status, code: res.body.error?.code }).toEqual({ bad, status: 400, code: 'invalid_request' });
    }
    expect((await admin('POST', '/services', { name: 'X', translation: { name: '' } })).status).toBe(400);
    expect((await admin('POST', '/services', { name: 'X', lang: 'fr' })).status).toBe(400);
    expect((await admin('POST', '/groups', { name: 'X', translation: { description: 'y' } })).status).toBe(400);
    expect((await admin('GET', '/incidents')).body.incidents).toEqual([]);
    expect((await admin('GET', '/services')).body.services).toEqual([]);
    expect((await admin('GET', '/groups')).body.groups).toEqual([]);
  });

  it('stores both languages and returns them from the admin API', async () => {
    const mail = await admin('POST', '/services', { name: 'Mail hosting', slug: 'mail', lang: 'en', translation: { name: 'E-mailhosting', description: 'Mailboxen en webmail' }, description: 'Mailboxes and webmail', group: 'Network' });
    expect(mail.status).toBe(201);
    expect(mail.body).toMatchObject({ name: 'Mail hosting', lang: 'en', translation: { name: 'E-mailhosting', description: 'Mailboxen en webmail' }, group: { name: 'Network', translation: { name: null } } });
    const group = await admin('PATCH', `/groups/${mail.body.group.id}`, { translation: { name: 'Netwerk' } });
    expect(group.body).toMatchObject({ name: 'Network', lang: 'en', translation: { name: 'Netwerk' } });
    expect((await admin('POST', '/services', { name: 'DNS resolvers', slug: 'dns', lang: 'en', group: 'Network' })).status).toBe(201);

    await subscribeAndConfirm(server.url, fake, 'klant@example.test', 'nl');
    await subscribeAndConfirm(server.url, fake, 'customer@example.test', 'en');

    const created = await admin('POST', '/incidents', {
      title: 'Webmail traag',
      lang: 'nl',
      severity: 'medium',
      message: 'We **onderzoeken** het.',
      translation: { title: 'Slow webmail', message: 'We are **looking into** it.' },
      services: [{ service: 'mail', impact: 'degraded_performance' }],
    });
    expect(created.status).toBe(201);
    incidentId = created.body.id;
    expect(created.body).toMatchObject({ title: 'Webmail traag', lang: 'nl', translation: { title: 'Slow webmail' }, updates: [{ message: 'We **onderzoeken** het.', translation: { message: 'We are **looking into** it.' } }] });
    // An update written in Dutch only.
    expect((await admin('POST', `/incidents/${incidentId}/updates`, { status: 'identified', message: 'Een **server** is overbelast.' })).status).toBe(201);
  });

  it('emails each subscriber in their language, the untranslated update marked as Dutch', { timeout: 30_000 }, async () => {
    const nl = await emailTo(fake, 'klant@example.test', /^\[Sensey\] Storing: Webmail traag$/);
    expect(nl.html).toContain('<strong>onderzoeken</strong>');
    expect(messageOf(nl)).toBe('We onderzoeken het.');
    expect(nl.text).toContain('Getroffen diensten: E-mailhosting (verminderde prestaties)');
    const en = await emailTo(fake, 'customer@example.test', /^\[Sensey\] Incident: Slow webmail$/);
    expect(en.html).toContain('<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">Slow webmail</h1>');
    expect(en.html).toContain('<strong>looking into</strong>');
    expect(en.html).not.toContain('onderzoeken');
    expect(messageOf(en)).toBe('We are looking into it.');
    expect(en.text).toContain('Affected services: Mail hosting (degraded performance)');

    const enUpdate = await emailTo(fake, 'customer@example.test', /^\[Sensey\] Identified: Slow webmail$/);
    expect(enUpdate.html).toContain('<p style="margin:0 0 4px;font-size:13px;color:#555">(in Dutch)</p>');
    expect(enUpdate.html).toContain('<div style="margin:0 0 16px" lang="nl"><p>Een <strong>server</strong> is overbelast.</p>\n</div>');
    expect(messageOf(enUpdate)).toBe('(in Dutch)\nEen server is overbelast.');
    const nlUpdate = await emailTo(fake, 'klant@example.test', /^\[Sensey\] Oorzaak gevonden: Webmail traag$/);
    expect(nlUpdate.html).not.toContain('fallback');
    expect(nlUpdate.html).not.toMatch(/\(in het|lang="en"/);
    expect(messageOf(nlUpdate)).toBe('Een server is overbelast.');
  });

  it('shows the Dutch page in Dutch and the English page in English, the originals marked where untranslated', async () => {
    const nlHome = await page('/nl/');
    expect(nlHome).toContain('<a href="/nl/incidents/1">Webmail traag</a>');
    expect(nlHome).toMatch(/<a href="\/nl\/services\/[a-z-]+">E-mailhosting<\/a><\/h4>/);
    expect(nlHome).toContain('>Mailboxen en webmail</p>');
    expect(nlHome).toContain('<span>Netwerk</span>');
    expect(nlHome).toContain('<span lang="en">DNS resolvers</span> <span class="fallback-note">(in het Engels)</span>');
    expect(nlHome).not.toContain('Slow webmail');

    const enHome = await page('/en/');
    expect(enHome).toContain('<a href="/en/incidents/1">Slow webmail</a>');
    expect(enHome).toMatch(/<a href="\/en\/services\/[a-z-]+">Mail hosting<\/a><\/h4>/);
    expect(enHome).toContain('<span>Network</span>');
    expect(enHome).toMatch(/<a href="\/en\/services\/[a-z-]+">DNS resolvers<\/a><\/h4>/);
    expect(enHome).not.toContain('<span class="fallback-note">');
    // The latest update (Dutch only) on the English home page: marked.
    expect(enHome).toContain('<p class="fallback-note">(in Dutch)</p><div class="prose" lang="nl"><p>Een <strong>server</strong> is overbelast.</p>\n</div>');

    const enIncident = await page(`/en/incidents/${incidentId}`);
    expect(enIncident).toContain('<h1>Slow webmail</h1>');
    expect(enIncident).toContain('<div class="prose"><p>We are <strong>looking into</strong> it.</p>\n</div>');
    expect(enIncident).toContain('<p class="fallback-note">(in Dutch)</p><div class="prose" lang="nl"><p>Een <strong>server</strong> is overbelast.</p>\n</div>');
    expect(enIncident).toContain('<span>Mail hosting</span>');
    const nlIncident = await page(`/nl/incidents/${incidentId}`);
    expect(nlIncident).toContain('<h1>Webmail traag</h1>');
    expect(nlIncident).toContain('<div class="prose"><p>We <strong>onderzoeken</strong> het.</p>\n</div>');
    expect(nlIncident).toContain('<span>E-mailhosting</span>');
    expect(nlIncident).not.toContain('fallback-note');

    expect(await page('/en/feed.atom')).toContain('<title type="html"><![CDATA[Slow webmail]]></title>');
  });

  it('shows the SLA page and this month\'s report in the reader\'s language, untranslated names marked; the JSON download as written', async () => {
    const month = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Amsterdam', year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7);
    const nlSla = await page('/nl/sla');
    expect(nlSla).toMatch(/<th scope="row"[^>]*>E-mailhosting<\/th>/);
    expect(nlSla).toMatch(/<th scope="row"[^>]*><span lang="en">DNS resolvers<\/span> <span class="fallback-note">\(in het Engels\)<\/span><\/th>/);
    expect(await page('/en/sla')).toMatch(/<th scope="row"[^>]*>Mail hosting<\/th>/);

    const nlReport = await page(`/nl/reports/${month}`);
    expect(nlReport).toContain(`<a href="/nl/incidents/${incidentId}">Webmail traag</a>`);
    expect(nlReport).toMatch(/<th scope="row"[^>]*>E-mailhosting/);
    expect(nlReport).not.toContain('Slow webmail');
    const enReport = await page(`/en/reports/${month}`);
    expect(enReport).toContain(`<a href="/en/incidents/${incidentId}">Slow webmail</a>`);
    expect(enReport).not.toContain('Webmail traag');

    const json = JSON.parse(await page(`/nl/reports/${month}.json`));
    expect(json.incidents.map((i: { title: string }) => i.title)).toEqual(['Webmail traag']);
    expect(json.services.map((x: { name: string }) => x.name).sort()).toEqual(['DNS resolvers', 'Mail hosting']);
  });

  it('publishes a report in both languages; a Dutch-only correction falls back visibly and keeps the earlier version', async () => {
    expect((await admin('POST', `/incidents/${incidentId}/updates`, { status: 'resolved', message: 'Opgelost.', translation: { message: 'Resolved.' } })).status).toBe(201);
    expect((await admin('PUT', `/incidents/${incidentId}/report`, { body: 'Een volle schijf.', translation: { body: 'A full disk.' } })).status).toBe(200);
    expect((await admin('POST', `/incidents/${incidentId}/report/publish`, {})).status).toBe(200);
    const enReport = await emailTo(fake, 'customer@example.test', /^\[Sensey\] Incident report: Slow webmail$/);
    expect(messageOf(enReport)).toBe('A full disk.');
    expect(messageOf(await emailTo(fake, 'klant@example.test', /^\[Sensey\] Storingsrapport: Webmail traag$/))).toBe('Een volle schijf.');

    const corrected = await admin('PUT', `/incidents/${incidentId}/report`, { body: 'Een volle schijf, zonder quotum.' });
    expect(corrected.body.report).toMatchObject({ body: 'Een volle schijf, zonder quotum.', translation: { body: null } });
    expect(corrected.body.report.revisions).toMatchObject([{ previousBody: 'Een volle schijf.', previousTranslation: { body: 'A full disk.' } }]);
    const en = await page(`/en/incidents/${incidentId}`);
    expect(en).toContain('<p class="fallback-note">(in Dutch)</p><div class="prose" lang="nl"><p>Een volle schijf, zonder quotum.</p>\n</div>');
    // The earlier version in the reader's language.
    expect(en).toContain('<div class="prose"><p>A full disk.</p>\n</div>');
  });

  it('announces maintenance in both languages: the Dutch title, the untranslated English message marked', async () => {
    const start = new Date(Date.now() + 72 * 3_600_000).toISOString();
    const end = new Date(Date.now() + 73 * 3_600_000).toISOString();
    const created = await admin('POST', '/maintenances', { title: 'Storage upgrade', lang: 'en', translation: { title: 'Upgrade van de opslag' }, message: 'Short **interruptions**.', services: ['mail'], scheduledStart: start, scheduledEnd: end });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ lang: 'en', translation: { title: 'Upgrade van de opslag', message: null } });
    const id = created.body.id;
    const nlMail = await emailTo(fake, 'klant@example.test', /^\[Sensey\] Gepland onderhoud: Upgrade van de opslag$/);
    expect(messageOf(nlMail)).toBe('(in het Engels)\nShort interruptions.');
    expect(nlMail.html).toContain('<div style="margin:0 0 16px" lang="en"><p>Short <strong>interruptions</strong>.</p>');
    expect(messageOf(await emailTo(fake, 'customer@example.test', /^\[Sensey\] Planned maintenance: Storage upgrade$/))).toBe('Short interruptions.');
    const nl = await page(`/nl/maintenance/${id}`);
    expect(nl).toContain('<h1>Upgrade van de opslag</h1>');
    expect(nl).toContain('<li>E-mailhosting</li>');
    expect(nl).toContain('<p class="fallback-note">(in het Engels)</p><div class="prose" lang="en"><p>Short <strong>interruptions</strong>.</p>');
    expect(await page('/nl/')).toContain(`<a href="/nl/maintenance/${id}">Upgrade van de opslag</a>`);
    expect(await page(`/en/maintenance/${id}`)).toContain('<h1>Storage upgrade</h1>');
  });
});
