// The emails themselves: every kind in both languages, escaped, with working signed links and the
// RFC 8058 headers, and byte-identical when rendered again (what makes a retried batch a replay).
import { describe, expect, it } from 'vitest';
import { createRenderer, EMAIL_KINDS, type TemplateEvent } from '../../../src/services/mail/templates.ts';
import { CONFIRM_TTL_MS, verifyToken } from '../../../src/services/subscriptions/tokens.ts';
import { OutboxPayloadError, readOutboxEvent } from '../../../src/services/kernel/outbox-events.ts';

const secret = 'test-secret-0123456789abcdefghijklmnop';
const settings = { pageName: 'Sensey', publicUrl: 'https://status.example.test', timeZone: 'Europe/Amsterdam', mailFrom: 'Sensey status <status@example.test>', secret };
const issuedAt = Date.parse('2026-11-02T10:00:00Z');
const to = (locale: 'nl' | 'en') => ({ deliveryId: 42, subscriberId: 7, email: 'klant@example.test', locale, issuedAt });

const services = [{ id: 1, slug: 'webmail', name: 'Webmail', impact: 'major_outage' }];
const incident = (status: string) => ({ incidentId: 3, updateId: 9, status, title: 'Webmail <b>unreachable</b> & slow', severity: 'high', message: 'We are **on it**.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>', services, at: '2026-11-02T10:00:00.000Z', backfilled: false });
const window = (status: string) => ({ maintenanceId: 5, title: 'Database upgrade', status, message: 'Read-only for *a few seconds*.', scheduledStart: '2026-11-10T22:00:00.000Z', scheduledEnd: '2026-11-11T00:00:00.000Z', actualStart: null, actualEnd: null, services: [{ id: 1, slug: 'webmail', name: 'Webmail' }], backfilled: false });
const PAYLOADS: Record<string, unknown> = {
  'incident.created': incident('investigating'),
  'incident.updated': incident('identified'),
  'incident.resolved': incident('resolved'),
  'incident.reopened': incident('investigating'),
  'maintenance.scheduled': window('scheduled'),
  'maintenance.changed': { ...window('scheduled'), previous: { scheduledStart: '2026-11-09T22:00:00.000Z', scheduledEnd: '2026-11-09T23:00:00.000Z', serviceIds: [1] } },
  'maintenance.reminder': window('scheduled'),
  'maintenance.started': window('in_progress'),
  'maintenance.updated': window('verifying'),
  'maintenance.completed': window('completed'),
  'maintenance.cancelled': window('cancelled'),
  'report.published': { incidentId: 3, title: 'Webmail unreachable', body: '## Cause\nA full disk.', publishedAt: '2026-11-03T10:00:00.000Z', dueAt: '2026-11-04T10:00:00.000Z', onTime: true, backfilled: false },
  'subscription.confirm': { subscriberId: 7 },
};
// Read back as the worker reads an outbox row: validated against its kind's schema.
const event = (type: string): TemplateEvent => ({ id: 1, ...readOutboxEvent(type, PAYLOADS[type]) });

const tokenOf = (url: string) => decodeURIComponent(new URL(url).searchParams.get('token')!);

describe('email templates', () => {
  const r = createRenderer(settings);

  it.each(EMAIL_KINDS.flatMap((k) => (['nl', 'en'] as const).map((l) => [k, l] as const)))('%s in %s: html + text, escaped, identical when rendered again', (kind, locale) => {
    const email = r.render(event(kind), to(locale));
    expect(email).toEqual(createRenderer(settings).render(event(kind), to(locale)));
    expect(email.from).toBe(settings.mailFrom);
    expect(email.to).toBe('klant@example.test');
    expect(email.subject).toMatch(/^\[Sensey\] \S/);
    expect(email.html).toContain(`<html lang="${locale}">`);
    expect(email.html).not.toMatch(/<script|onerror|<b>unreachable/);
    expect(email.headers['X-Entity-Ref-ID']).toBe('baken-delivery-42');
    if (kind === 'subscription.confirm') {
      expect(email.headers['List-Unsubscribe']).toBeUndefined();
      return;
    }
    expect(email.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const oneClick = /^<(https:\/\/status\.example\.test\/api\/subscriptions\/unsubscribe\?token=[^>]+)>$/.exec(email.headers['List-Unsubscribe']!)![1]!;
    expect(verifyToken(secret, tokenOf(oneClick), 'unsubscribe', Date.now())).toBe(7);
    const manage = new RegExp(`https://status\\.example\\.test/${locale}/subscriptions/manage\\?token=[^"\\s]+`).exec(email.text)![0];
    expect(verifyToken(secret, tokenOf(manage), 'manage', Date.now())).toBe(7);
    const page = new RegExp(`https://status\\.example\\.test/${locale}/unsubscribe\\?token=[^"\\s]+`).exec(email.text)![0];
    expect(verifyToken(secret, tokenOf(page), 'unsubscribe', Date.now())).toBe(7);
    expect(email.html).toContain(page.replace(/&/g, '&amp;'));
  });

  it('writes subject lines like "[Sensey] Resolved: Webmail unreachable", in the subscriber’s language', () => {
    const subjects = (l: 'nl' | 'en') => ['incident.created', 'incident.updated', 'incident.resolved', 'maintenance.scheduled', 'maintenance.reminder', 'report.published', 'subscription.confirm'].map((k) => r.render(event(k), to(l)).subject);
    expect(subjects('en')).toEqual([
      '[Sensey] Incident: Webmail <b>unreachable</b> & slow',
      '[Sensey] Identified: Webmail <b>unreachable</b> & slow',
      '[Sensey] Resolved: Webmail <b>unreachable</b> & slow',
      '[Sensey] Planned maintenance: Database upgrade',
      '[Sensey] Maintenance starts in 1 hour: Database upgrade',
      '[Sensey] Incident report: Webmail unreachable',
      '[Sensey] Confirm your subscription',
    ]);
    expect(subjects('nl')).toEqual([
      '[Sensey] Storing: Webmail <b>unreachable</b> & slow',
      '[Sensey] Oorzaak gevonden: Webmail <b>unreachable</b> & slow',
      '[Sensey] Opgelost: Webmail <b>unreachable</b> & slow',
      '[Sensey] Gepland onderhoud: Database upgrade',
      '[Sensey] Onderhoud begint over 1 uur: Database upgrade',
      '[Sensey] Storingsrapport: Webmail unreachable',
      '[Sensey] Bevestig uw aanmelding',
    ]);
  });

  it('escapes titles in HTML, renders the markdown sanitised, and keeps header breaks out of subjects', () => {
    const email = r.render({ id: 1, ...readOutboxEvent('incident.created', { ...incident('investigating'), title: 'Line one\r\nBcc: evil@example.test' }) }, to('en'));
    expect(email.subject).toBe('[Sensey] Incident: Line one Bcc: evil@example.test');
    const created = r.render(event('incident.created'), to('en'));
    expect(created.html).toContain('Webmail &lt;b&gt;unreachable&lt;/b&gt; &amp; slow');
    expect(created.html).toContain('<strong>on it</strong>');
    expect(created.html).toContain('Webmail (major outage)');
    expect(created.html).toContain('href="https://status.example.test/en/incidents/3"');
  });

  it('shows maintenance times in the page’s zone and language, with the earlier plan on a change', () => {
    const en = r.render(event('maintenance.changed'), to('en'));
    // 22:00Z is 23:00 in Amsterdam in November (CET); ICU decides how much of the range repeats.
    expect(en.text).toMatch(/When: 10 Nov 2026, 23:00(\sCET)?\s–\s11 Nov 2026, 01:00\sCET/);
    expect(en.text).toMatch(/Previously planned: 9 Nov 2026, 23:00(\sCET)?\s–\s(10 Nov 2026, )?00:00\sCET/);
    const nl = r.render(event('maintenance.scheduled'), to('nl'));
    expect(nl.text).toContain('Wanneer: 10 nov 2026');
    expect(nl.html).toContain('href="https://status.example.test/nl/maintenance/5"');
  });

  it('links the confirmation to /<locale>/subscribe/confirm with a token valid for 48 hours from the request', () => {
    const email = r.render(event('subscription.confirm'), to('nl'));
    const link = /https:\/\/status\.example\.test\/nl\/subscribe\/confirm\?token=\S+/.exec(email.text)![0];
    const token = tokenOf(link);
    expect(verifyToken(secret, token, 'confirm', issuedAt + CONFIRM_TTL_MS - 1)).toBe(7);
    expect(verifyToken(secret, token, 'confirm', issuedAt + CONFIRM_TTL_MS + 1)).toBeUndefined();
    expect(email.html).toContain('Bevestig mijn aanmelding');
  });

  it('writes the plain text of an incident email exactly, markdown as typed', () => {
    const email = r.render(event('incident.updated'), to('en'));
    const manage = /https:\S+\/manage\?token=\S+/.exec(email.text)![0];
    const unsubscribe = /https:\S+\/en\/unsubscribe\?token=\S+/.exec(email.text)![0];
    expect(email.text).toBe(
      [
        'Webmail <b>unreachable</b> & slow',
        '',
        'There is news about this incident.',
        '',
        'Status: Identified',
        'Affected services: Webmail (major outage)',
        '',
        'We are **on it**.\n\n<script>alert(1)</script><img src=x onerror=alert(1)>',
        '',
        'View this incident on the status page: https://status.example.test/en/incidents/3',
        '',
        '--',
        'You receive this email because you subscribed to updates from the Sensey status page.',
        `Manage your subscription: ${manage}`,
        `Unsubscribe: ${unsubscribe}`,
        '',
      ].join('\n'),
    );
  });

  it('refuses a stored payload that does not match its kind, naming the field', () => {
    const { services: _s, ...noServices } = incident('identified');
    expect(() => readOutboxEvent('incident.updated', noServices)).toThrow(new OutboxPayloadError('Invalid incident.updated payload: services Invalid input: expected array, received undefined'));
    expect(() => readOutboxEvent('incident.updated', { ...incident('identified'), status: 'exploded' })).toThrow(OutboxPayloadError);
    expect(() => readOutboxEvent('maintenance.started', '{not json')).toThrow(OutboxPayloadError);
    expect(() => readOutboxEvent('incident.deleted', incident('identified'))).toThrow(new OutboxPayloadError('Unknown outbox event type incident.deleted'));
  });
});
