// The emails: one per outbox event kind, HTML and plain text, in the subscriber's language. Message
// markdown goes through the same sanitiser as the public pages. Rendering is a pure function of
// (event, recipient, settings): the worker renders a retried batch again after a crash and must
// produce the very same bytes, or Resend would refuse the idempotency key (409) instead of
// answering with the original ids. So links are signed with the delivery's creation time, never
// with "now". Bodies: template-bodies.ts; the frame and headers: template-layout.ts.
import type { Locale } from '../../config.ts';
import { createFormatter, type Formatter } from '../../i18n/format.ts';
import { markdownToText, renderMarkdown } from '../../lib/markdown.ts';
import type { OutboxEvent } from '../kernel/outbox-events.ts';
import { signToken } from '../subscriptions/tokens.ts';
import type { OutgoingEmail } from './mailer.ts';
import { announcementBody } from './template-bodies.ts';
import { announcementHtml, announcementText, confirmationHtml, confirmationText, oneLine, refHeaders, tags, type FooterLinks } from './template-layout.ts';
import { EMAIL_KINDS, EMAIL_WORDS, type EmailKind } from './templates-text.ts';

export { EMAIL_KINDS, type EmailKind };

export interface TemplateSettings {
  pageName: string;
  publicUrl: string;
  timeZone: string;
  mailFrom: string;
  /** tokenSecret(db, config.secret) */
  secret: string;
}

/** An outbox event as read back and validated (readOutboxEvent), with its row id. */
export type TemplateEvent = OutboxEvent & { id: number };

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
  const cached = (render: (source: string) => string) => {
    const rendered = new Map<string, string>();
    return (source: string) => {
      let out = rendered.get(source);
      if (out === undefined) {
        if (rendered.size > 64) rendered.clear();
        out = render(source);
        rendered.set(source, out);
      }
      return out;
    };
  };
  const markdown = cached(renderMarkdown);
  const plainText = cached(markdownToText);
  const url = (path: string) => `${s.publicUrl}${path}`;
  const token = (purpose: 'confirm' | 'manage' | 'unsubscribe', to: Recipient) => encodeURIComponent(signToken(s.secret, purpose, to.subscriberId, to.issuedAt));

  function announcement(event: Exclude<TemplateEvent, { type: 'subscription.confirm' }>, to: Recipient): OutgoingEmail {
    const w = EMAIL_WORDS[to.locale];
    const b = announcementBody(event, { words: w, locale: to.locale, fmt: fmt(to.locale), url, markdown, plainText });
    const unsubscribeToken = token('unsubscribe', to);
    const links: FooterLinks = {
      pageName: s.pageName,
      footer: w.footer(s.pageName),
      manage: { label: w.manage, href: url(`/${to.locale}/subscriptions/manage?token=${token('manage', to)}`) },
      unsubscribe: { label: w.unsubscribe, href: url(`/${to.locale}/unsubscribe?token=${unsubscribeToken}`) },
    };
    const subject = oneLine(`[${s.pageName}] ${b.subject}`);
    return {
      from: s.mailFrom,
      to: to.email,
      subject,
      html: announcementHtml(to.locale, subject, b, links),
      text: announcementText(b, links),
      headers: {
        // RFC 8058 one-click: mail clients POST `List-Unsubscribe=One-Click` to this URL.
        'List-Unsubscribe': `<${url(`/api/subscriptions/unsubscribe?token=${unsubscribeToken}`)}>`,
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        ...refHeaders(to.deliveryId),
      },
      tags: tags(event.type, to.deliveryId),
    };
  }

  function confirmation(event: TemplateEvent, to: Recipient): OutgoingEmail {
    const w = EMAIL_WORDS[to.locale];
    const subject = oneLine(`[${s.pageName}] ${w.subject['subscription.confirm']('', '')}`);
    const parts = {
      pageName: s.pageName,
      heading: w.confirmHeading,
      body: w.confirmBody(s.pageName),
      button: w.confirmButton,
      link: url(`/${to.locale}/subscribe/confirm?token=${token('confirm', to)}`),
      small: `${w.confirmExpiry} ${w.confirmIgnore}`,
    };
    return { from: s.mailFrom, to: to.email, subject, html: confirmationHtml(to.locale, subject, parts), text: confirmationText(parts), headers: refHeaders(to.deliveryId), tags: tags(event.type, to.deliveryId) };
  }

  return {
    render(event, to) {
      return event.type === 'subscription.confirm' ? confirmation(event, to) : announcement(event, to);
    },
  };
}
