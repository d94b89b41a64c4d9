// The emails: one per outbox event type, HTML and plain text, in the subscriber's language. Every
// value from staff or the database is escaped; message markdown goes through the same sanitiser as
// the public pages. Rendering is a pure function of (event, recipient, settings): the worker renders
// a retried batch again after a crash and must produce the very same bytes, or Resend would refuse
// the idempotency key (409) instead of answering with the original ids. So links are signed with
// the delivery's creation time, never with "now".
import type { Locale } from '../../config.ts';
import { createFormatter, type Formatter } from '../../i18n/format.ts';
import { renderMarkdown } from '../../lib/markdown.ts';
import { EMAIL_KINDS, EMAIL_WORDS, type EmailKind, type EmailWords } from './templates-text.ts';
import type { OutgoingEmail } from './mailer.ts';
import { signToken } from '../subscriptions/tokens.ts';

export { EMAIL_KINDS, type EmailKind };

export interface TemplateSettings {
  pageName: string;
  publicUrl: string;
  timeZone: string;
  mailFrom: string;
  /** tokenSecret(db, config.secret) */
  secret: string;
}

export interface TemplateEvent {
  id: number;
  type: string;
  payload: unknown;
}

export interface Recipient {
  deliveryId: number;
  subscriberId: number;
  email: string;
  locale: Locale;
  /** The delivery's creation time: links are signed as of then, so a re-render is identical. */
  issuedAt: number;
}

export function hasTemplate(type: string): type is EmailKind {
  return (EMAIL_KINDS as readonly string[]).includes(type);
}

// ---- small helpers ----

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Subjects are one line: staff-typed titles must not smuggle header breaks in. */
function oneLine(s: string, max = 200): string {
  const flat = s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

type Payload = Record<string, unknown>;
const str = (p: Payload, k: string): string => (typeof p[k] === 'string' ? (p[k] as string) : '');
const time = (p: Payload, k: string): number | undefined => {
  const t = typeof p[k] === 'string' ? Date.parse(p[k] as string) : NaN;
  return Number.isNaN(t) ? undefined : t;
};
const idOf = (p: Payload, k: string): number => (typeof p[k] === 'number' ? (p[k] as number) : 0);

interface ServiceLine {
  name: string;
  impact?: string | undefined;
}
function servicesOf(p: Payload): ServiceLine[] {
  const list = Array.isArray(p.services) ? (p.services as unknown[]) : [];
  return list.flatMap((s) => {
    if (!s || typeof s !== 'object') return [];
    const o = s as Payload;
    return [{ name: str(o, 'name') || str(o, 'slug'), impact: typeof o.impact === 'string' ? o.impact : undefined }];
  });
}

// ---- the parts every email shares ----

interface Fact {
  label: string;
  value: string;
}

interface Body {
  subject: string;
  heading: string;
  intro: string;
  facts: Fact[];
  /** Sanitised HTML and its plain-text source. */
  message?: { html: string; text: string } | undefined;
  link?: { href: string; label: string } | undefined;
}

export interface Renderer {
  render(event: TemplateEvent, to: Recipient): OutgoingEmail;
}

/**
 * A renderer for one batch or worker: it keeps the formatters and the rendered markdown of recent
 * events, since a fan-out renders the same message thousands of times.
 */
export function createRenderer(s: TemplateSettings): Renderer {
  const formatters = new Map<Locale, Formatter>();
  const fmt = (l: Locale) => formatters.get(l) ?? formatters.set(l, createFormatter(l, s.timeZone)).get(l)!;
  const markdown = new Map<string, string>();
  const md = (source: string) => {
    let html = markdown.get(source);
    if (html === undefined) {
      if (markdown.size > 64) markdown.clear();
      html = renderMarkdown(source);
      markdown.set(source, html);
    }
    return html;
  };

  const url = (path: string) => `${s.publicUrl}${path}`;
  const token = (purpose: 'confirm' | 'manage' | 'unsubscribe', to: Recipient) => encodeURIComponent(signToken(s.secret, purpose, to.subscriberId, to.issuedAt));

  function body(kind: EmailKind, p: Payload, w: EmailWords, locale: Locale): Body {
    const f = fmt(locale);
    const title = str(p, 'title');
    const message = (source: string) => (source.trim() === '' ? undefined : { html: md(source), text: source.trim() });
    if (kind.startsWith('incident.') || kind === 'report.published') {
      const incidentPath = `/${locale}/incidents/${idOf(p, 'incidentId')}`;
      if (kind === 'report.published') {
        const due = time(p, 'dueAt');
        return {
          subject: w.subject[kind](title, ''),
          heading: title,
          intro: w.intro[kind],
          facts: due === undefined ? [] : [{ label: w.reportDue, value: f.dateTime(due) }],
          message: message(str(p, 'body')),
          link: { href: url(incidentPath), label: w.viewReport },
        };
      }
      const status = w.incidentStatus[str(p, 'status')] ?? str(p, 'status');
      const services = servicesOf(p);
      const facts: Fact[] = [{ label: w.status, value: status }];
      if (services.length > 0) facts.push({ label: w.affected, value: services.map((x) => (x.impact ? `${x.name} (${(w.impact[x.impact] ?? x.impact).toLowerCase()})` : x.name)).join(', ') });
      return { subject: w.subject[kind](title, status), heading: title, intro: w.intro[kind], facts, message: message(str(p, 'message')), link: { href: url(incidentPath), label: w.viewIncident } };
    }
    // Maintenance
    const start = time(p, 'scheduledStart');
    const end = time(p, 'scheduledEnd');
    const facts: Fact[] = [{ label: w.status, value: w.maintenanceStatus[str(p, 'status')] ?? str(p, 'status') }];
    if (start !== undefined && end !== undefined) facts.push({ label: w.window, value: f.range(start, end) });
    const previous = p.previous && typeof p.previous === 'object' ? (p.previous as Payload) : undefined;
    const before = previous && { start: time(previous, 'scheduledStart'), end: time(previous, 'scheduledEnd') };
    if (before?.start !== undefined && before.end !== undefined && (before.start !== start || before.end !== end)) facts.push({ label: w.previousWindow, value: f.range(before.start, before.end) });
    const services = servicesOf(p);
    if (services.length > 0) facts.push({ label: w.affected, value: services.map((x) => x.name).join(', ') });
    return {
      subject: w.subject[kind](title, ''),
      heading: title,
      intro: w.intro[kind],
      facts,
      message: message(str(p, 'message')),
      link: { href: url(`/${locale}/maintenance/${idOf(p, 'maintenanceId')}`), label: w.viewMaintenance },
    };
  }

  function announcement(kind: EmailKind, event: TemplateEvent, to: Recipient): OutgoingEmail {
    const w = EMAIL_WORDS[to.locale];
    const b = body(kind, (event.payload ?? {}) as Payload, w, to.locale);
    const manage = url(`/${to.locale}/subscriptions/manage?token=${token('manage', to)}`);
    const unsubscribeToken = token('unsubscribe', to);
    const unsubscribePage = url(`/${to.locale}/unsubscribe?token=${unsubscribeToken}`);
    const subject = oneLine(`[${s.pageName}] ${b.subject}`);
    const e = escapeHtml;
    const facts = b.facts.map((x) => `<tr><th align="left" style="padding:4px 16px 4px 0;color:#555;font-weight:600;vertical-align:top">${e(x.label)}</th><td style="padding:4px 0">${e(x.value)}</td></tr>`).join('');
    const html = layout(to.locale, subject, [
      `<p style="margin:0 0 8px;font-size:13px;color:#555">${e(s.pageName)}</p>`,
      `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${e(b.heading)}</h1>`,
      `<p style="margin:0 0 16px">${e(b.intro)}</p>`,
      facts ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${facts}</table>` : '',
      b.message ? `<div style="margin:0 0 16px">${b.message.html}</div>` : '',
      b.link ? `<p style="margin:0 0 24px"><a href="${e(b.link.href)}" style="color:#0b57d0">${e(b.link.label)}</a></p>` : '',
      `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">`,
      `<p style="margin:0;font-size:12px;color:#666">${e(w.footer(s.pageName))}<br><a href="${e(manage)}" style="color:#666">${e(w.manage)}</a> · <a href="${e(unsubscribePage)}" style="color:#666">${e(w.unsubscribe)}</a></p>`,
    ]);
    const text = [
      b.heading,
      '',
      b.intro,
      '',
      ...b.facts.map((x) => `${x.label}: ${x.value}`),
      ...(b.message ? ['', b.message.text] : []),
      ...(b.link ? ['', `${b.link.label}: ${b.link.href}`] : []),
      '',
      '--',
      w.footer(s.pageName),
      `${w.manage}: ${manage}`,
      `${w.unsubscribe}: ${unsubscribePage}`,
      '',
    ].join('\n');
    return {
      from: s.mailFrom,
      to: to.email,
      subject,
      html,
      text,
      headers: {
        // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to this URL.
        'List-Unsubscribe': `<${url(`/api/subscriptions/unsubscribe?token=${unsubscribeToken}`)}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        ...refHeaders(to),
      },
      tags: tags(event, to),
    };
  }

  function confirmation(event: TemplateEvent, to: Recipient): OutgoingEmail {
    const w = EMAIL_WORDS[to.locale];
    const link = url(`/${to.locale}/subscribe/confirm?token=${token('confirm', to)}`);
    const subject = oneLine(`[${s.pageName}] ${w.subject['subscription.confirm']('', '')}`);
    const e = escapeHtml;
    const html = layout(to.locale, subject, [
      `<p style="margin:0 0 8px;font-size:13px;color:#555">${e(s.pageName)}</p>`,
      `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${e(w.confirmHeading)}</h1>`,
      `<p style="margin:0 0 16px">${e(w.confirmBody(s.pageName))}</p>`,
      `<p style="margin:0 0 16px"><a href="${e(link)}" style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#fff;text-decoration:none;border-radius:4px">${e(w.confirmButton)}</a></p>`,
      `<p style="margin:0 0 16px;font-size:13px;color:#555">${e(w.confirmExpiry)} ${e(w.confirmIgnore)}</p>`,
    ]);
    const text = [w.confirmHeading, '', w.confirmBody(s.pageName), '', `${w.confirmButton}: ${link}`, '', `${w.confirmExpiry} ${w.confirmIgnore}`, ''].join('\n');
    return { from: s.mailFrom, to: to.email, subject, html, text, headers: refHeaders(to), tags: tags(event, to) };
  }

  return {
    render(event, to) {
      if (!hasTemplate(event.type)) throw new Error(`No email template for ${event.type}`);
      return event.type === 'subscription.confirm' ? confirmation(event, to) : announcement(event.type, event, to);
    },
  };
}

/** One id per delivery, unique for ever: mail clients do not thread unrelated status emails on it. */
function refHeaders(to: Recipient): Record<string, string> {
  return { 'X-Entity-Ref-ID': `baken-delivery-${to.deliveryId}` };
}

/** Resend tags (ASCII letters, digits, _ and - only): find a delivery in Resend's logs and webhooks. */
function tags(event: TemplateEvent, to: Recipient): { name: string; value: string }[] {
  return [
    { name: 'baken_delivery', value: String(to.deliveryId) },
    { name: 'baken_event', value: event.type.replace(/[^A-Za-z0-9_-]/g, '_') },
  ];
}

function layout(locale: Locale, subject: string, parts: string[]): string {
  return [
    '<!doctype html>',
    `<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f5f7">',
    '<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;color:#1a1a1a;font-family:-apple-system,BlinkMacSystemFont,\'Segoe UI\',Roboto,Helvetica,Arial,sans-serif;font-size:15px;line-height:1.5">',
    ...parts.filter(Boolean),
    '</div></body></html>',
    '',
  ].join('\n');
}
