// The HTML and plain-text frame every email shares, and the headers that identify a delivery.
// Every value from staff or the database is escaped here; message HTML arrives sanitised.
import escapeHtml from 'escape-html';
import type { Locale } from '../../config.ts';
import type { Body } from './template-bodies.ts';

/** Subjects are one line: staff-typed titles must not smuggle header breaks in. */
export function oneLine(s: string, max = 200): string {
  const flat = s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').replace(/\s{2,}/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface FooterLinks {
  pageName: string;
  footer: string;
  manage: { label: string; href: string };
  unsubscribe: { label: string; href: string };
}

export function announcementHtml(locale: Locale, subject: string, b: Body, f: FooterLinks): string {
  const e = escapeHtml;
  const facts = b.facts.map((x) => `<tr><th align="left" style="padding:4px 16px 4px 0;color:#555;font-weight:600;vertical-align:top">${e(x.label)}</th><td style="padding:4px 0">${e(x.value)}</td></tr>`).join('');
  return layout(locale, subject, [
    `<p style="margin:0 0 8px;font-size:13px;color:#555">${e(f.pageName)}</p>`,
    b.headingFallback
      ? `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3"><span lang="${b.headingFallback.lang}">${e(b.heading)}</span> <span style="font-size:15px;font-weight:normal;color:#555">${e(b.headingFallback.note)}</span></h1>`
      : `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${e(b.heading)}</h1>`,
    `<p style="margin:0 0 16px">${e(b.intro)}</p>`,
    facts ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${facts}</table>` : '',
    b.message?.fallback ? `<p style="margin:0 0 4px;font-size:13px;color:#555">${e(b.message.fallback.note)}</p>` : '',
    b.message ? `<div style="margin:0 0 16px"${b.message.fallback ? ` lang="${b.message.fallback.lang}"` : ''}>${b.message.html}</div>` : '',
    b.link ? `<p style="margin:0 0 24px"><a href="${e(b.link.href)}" style="color:#0b57d0">${e(b.link.label)}</a></p>` : '',
    `<hr style="border:none;border-top:1px solid #ddd;margin:24px 0 12px">`,
    `<p style="margin:0;font-size:12px;color:#666">${e(f.footer)}<br><a href="${e(f.manage.href)}" style="color:#666">${e(f.manage.label)}</a> · <a href="${e(f.unsubscribe.href)}" style="color:#666">${e(f.unsubscribe.label)}</a></p>`,
  ]);
}

export function announcementText(b: Body, f: FooterLinks): string {
  return [
    b.headingFallback ? `${b.heading} ${b.headingFallback.note}` : b.heading,
    '',
    b.intro,
    '',
    ...b.facts.map((x) => `${x.label}: ${x.value}`),
    ...(b.message ? ['', ...(b.message.fallback ? [b.message.fallback.note] : []), b.message.text] : []),
    ...(b.link ? ['', `${b.link.label}: ${b.link.href}`] : []),
    '',
    '--',
    f.footer,
    `${f.manage.label}: ${f.manage.href}`,
    `${f.unsubscribe.label}: ${f.unsubscribe.href}`,
    '',
  ].join('\n');
}

export interface ConfirmationParts {
  pageName: string;
  heading: string;
  body: string;
  button: string;
  link: string;
  small: string;
}

export function confirmationHtml(locale: Locale, subject: string, c: ConfirmationParts): string {
  const e = escapeHtml;
  return layout(locale, subject, [
    `<p style="margin:0 0 8px;font-size:13px;color:#555">${e(c.pageName)}</p>`,
    `<h1 style="margin:0 0 12px;font-size:22px;line-height:1.3">${e(c.heading)}</h1>`,
    `<p style="margin:0 0 16px">${e(c.body)}</p>`,
    `<p style="margin:0 0 16px"><a href="${e(c.link)}" style="display:inline-block;padding:10px 16px;background:#0b57d0;color:#fff;text-decoration:none;border-radius:4px">${e(c.button)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#555">${e(c.small)}</p>`,
  ]);
}

export function confirmationText(c: ConfirmationParts): string {
  return [c.heading, '', c.body, '', `${c.button}: ${c.link}`, '', c.small, ''].join('\n');
}

/** One id per delivery, unique for ever: mail clients do not thread unrelated status emails on it. */
export function refHeaders(deliveryId: number): Record<string, string> {
  return { 'X-Entity-Ref-ID': `baken-delivery-${deliveryId}` };
}

/** Resend tags (ASCII letters, digits, _ and - only): find a delivery in Resend's logs and webhooks. */
export function tags(eventType: string, deliveryId: number): { name: string; value: string }[] {
  return [
    { name: 'baken_delivery', value: String(deliveryId) },
    { name: 'baken_event', value: eventType.replace(/[^A-Za-z0-9_-]/g, '_') },
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
