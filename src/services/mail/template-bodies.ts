// What each kind of email says, from its typed outbox payload: heading, intro, facts, message and
// the link to the page. Pure: the same payload, words and formatter give the same body.
import type { Locale } from '../../config.ts';
import { showIn } from '../../domain/bilingual.ts';
import type { Formatter } from '../../i18n/format.ts';
import type { IncidentEventPayload, MaintenanceEventPayload, OutboxEvent, ReportEventPayload } from '../kernel/outbox-events.ts';
import type { EmailKind, EmailWords } from './templates-text.ts';

export interface Fact {
  label: string;
  value: string;
}

/** A text shown in its own language for want of a translation: the language and the note saying so. */
export interface Fallback {
  lang: Locale;
  note: string;
}

export interface Body {
  subject: string;
  heading: string;
  headingFallback?: Fallback | undefined;
  intro: string;
  facts: Fact[];
  /** Sanitised HTML and the same rendered as plain text. */
  message?: { html: string; text: string; fallback?: Fallback | undefined } | undefined;
  link?: { href: string; label: string } | undefined;
}

export interface BodyTools {
  words: EmailWords;
  locale: Locale;
  fmt: Formatter;
  /** Absolute URL of a site path. */
  url: (path: string) => string;
  /** Markdown → sanitised HTML (cached by the renderer). */
  markdown: (source: string) => string;
  /** Markdown → readable plain text for the text part (cached by the renderer). */
  plainText: (source: string) => string;
}

type Announcement = Exclude<OutboxEvent, { type: 'subscription.confirm' }>;

export function announcementBody(event: Announcement, t: BodyTools): Body {
  switch (event.type) {
    case 'report.published':
      return reportBody(event.payload, t);
    case 'incident.created':
    case 'incident.updated':
    case 'incident.resolved':
    case 'incident.reopened':
      return incidentBody(event.type, event.payload, t);
    default:
      return maintenanceBody(event.type, event.payload, t);
  }
}

/** The subscriber's language where a translation exists, else the original with a note. */
function pick(t: BodyTools, lang: Locale | undefined, text: string, translation: string | null | undefined): { text: string; fallback: Fallback | undefined } {
  // Payloads written before there were two languages carry no `lang`: they are the page's default.
  if (lang === undefined) return { text, fallback: undefined };
  const shown = showIn(t.locale, lang, text, translation);
  return { text: shown.text, fallback: shown.fallback ? { lang: shown.lang, note: t.words.fallback[shown.lang] } : undefined };
}

function message(source: { text: string; fallback: Fallback | undefined }, t: BodyTools): Body['message'] {
  return source.text.trim() === '' ? undefined : { html: t.markdown(source.text), text: t.plainText(source.text), fallback: source.fallback };
}

function serviceName(t: BodyTools, s: { name: string; lang?: Locale | undefined; nameTranslation?: string | null | undefined }): string {
  return pick(t, s.lang, s.name, s.nameTranslation).text;
}

function incidentBody(kind: EmailKind, p: IncidentEventPayload, t: BodyTools): Body {
  const w = t.words;
  const status = w.incidentStatus[p.status];
  const facts: Fact[] = [{ label: w.status, value: status }];
  if (p.services.length > 0) facts.push({ label: w.affected, value: p.services.map((x) => `${serviceName(t, x)} (${w.impact[x.impact].toLowerCase()})`).join(', ') });
  const title = pick(t, p.lang, p.title, p.titleTranslation);
  return {
    subject: w.subject[kind](title.text, status),
    heading: title.text,
    headingFallback: title.fallback,
    intro: w.intro[kind],
    facts,
    message: message(pick(t, p.lang, p.message, p.messageTranslation), t),
    link: { href: t.url(`/${t.locale}/incidents/${p.incidentId}`), label: w.viewIncident },
  };
}

function reportBody(p: ReportEventPayload, t: BodyTools): Body {
  const w = t.words;
  const title = pick(t, p.lang, p.title, p.titleTranslation);
  return {
    subject: w.subject['report.published'](title.text, ''),
    heading: title.text,
    headingFallback: title.fallback,
    intro: w.intro['report.published'],
    facts: [{ label: w.reportDue, value: t.fmt.dateTime(Date.parse(p.dueAt)) }],
    message: message(pick(t, p.lang, p.body, p.bodyTranslation), t),
    link: { href: t.url(`/${t.locale}/incidents/${p.incidentId}`), label: w.viewReport },
  };
}

function maintenanceBody(kind: EmailKind, p: MaintenanceEventPayload, t: BodyTools): Body {
  const w = t.words;
  const start = Date.parse(p.scheduledStart);
  const end = Date.parse(p.scheduledEnd);
  const facts: Fact[] = [
    { label: w.status, value: w.maintenanceStatus[p.status] },
    { label: w.window, value: t.fmt.range(start, end) },
  ];
  const before = p.previous && { start: Date.parse(p.previous.scheduledStart), end: Date.parse(p.previous.scheduledEnd) };
  if (before && (before.start !== start || before.end !== end)) facts.push({ label: w.previousWindow, value: t.fmt.range(before.start, before.end) });
  if (p.services.length > 0) facts.push({ label: w.affected, value: p.services.map((x) => serviceName(t, x)).join(', ') });
  const title = pick(t, p.lang, p.title, p.titleTranslation);
  return {
    subject: w.subject[kind](title.text, ''),
    heading: title.text,
    headingFallback: title.fallback,
    intro: w.intro[kind],
    facts,
    message: message(pick(t, p.lang, p.message, p.messageTranslation), t),
    link: { href: t.url(`/${t.locale}/maintenance/${p.maintenanceId}`), label: w.viewMaintenance },
  };
}
