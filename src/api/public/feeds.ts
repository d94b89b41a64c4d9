// Feeds and the maintenance calendar as files: RSS 2.0, Atom 1.0 and JSON Feed 1.1 (the `feed`
// package) for the whole page and per service, in the default locale without a prefix or in either
// locale with one, and /maintenance.ics (ical-generator). The models come from services/feeds.ts;
// this module only serialises them. Paths with an extension are never locale-redirected
// (src/fetch.ts), and the server's response cache keeps each answer until the next write.
import escapeHtml from 'escape-html';
import { Feed, type Item } from 'feed';
import { Hono, type Context } from 'hono';
import ical, { ICalEventStatus } from 'ical-generator';
import { LOCALES, type Locale } from '../../config.ts';
import { ApiError } from '../../lib/http-error.ts';
import { xmlSafe } from '../../lib/xml-chars.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { buildFeed, type FeedFormat, type FeedModel } from '../../services/feeds/feeds.ts';
import { maintenanceCalendar } from '../../services/feeds/calendar.ts';

const CONTENT_TYPE: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};
const FORMATS = Object.keys(CONTENT_TYPE) as FeedFormat[];
const LOCALE_PARAM = `:locale{${LOCALES.join('|')}}`;
/** How often calendar apps should poll (REFRESH-INTERVAL / X-PUBLISHED-TTL), in seconds. */
const CALENDAR_TTL_S = 3600;

export function feedRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const answer = (c: Context, format: FeedFormat, locale: Locale, localeInPath: boolean, slug?: string) => {
    const model = buildFeed(ctx, { locale, localeInPath, serviceSlug: slug });
    if (!model) throw new ApiError('not_found', `No service with slug "${slug}".`);
    return file(c, serialise(model, format), CONTENT_TYPE[format]);
  };
  for (const format of FORMATS) {
    const name = `feed.${format}`;
    app.get(`/${name}`, (c) => answer(c, format, ctx.config.defaultLocale, false));
    app.get(`/${LOCALE_PARAM}/${name}`, (c) => answer(c, format, c.req.param('locale') as Locale, true));
    app.get(`/services/:slug/${name}`, (c) => answer(c, format, ctx.config.defaultLocale, false, c.req.param('slug')));
    app.get(`/${LOCALE_PARAM}/services/:slug/${name}`, (c) => answer(c, format, c.req.param('locale') as Locale, true, c.req.param('slug')));
  }
  const calendar = (c: Context, locale: Locale) => file(c, xmlSafe(calendarText(ctx, locale)), 'text/calendar; charset=utf-8');
  app.get('/maintenance.ics', (c) => calendar(c, ctx.config.defaultLocale));
  app.get(`/${LOCALE_PARAM}/maintenance.ics`, (c) => calendar(c, c.req.param('locale') as Locale));
  return app;
}

/** Public, read by web-based feed readers on other origins too. */
function file(c: Context, body: string, contentType: string): Response {
  return c.body(body, 200, { 'content-type': contentType, 'access-control-allow-origin': '*' });
}

function serialise(model: FeedModel, format: FeedFormat): string {
  const feed = new Feed({
    id: model.links[format],
    title: model.title,
    description: model.description,
    link: model.homeUrl,
    language: model.locale,
    updated: new Date(model.updated),
    generator: 'Baken',
    feedLinks: model.links,
    author: { name: model.author.name, link: model.author.url },
  });
  for (const e of model.entries) {
    const item: Item = {
      id: e.id,
      // Atom declares titles type="html", so it gets escaped text. RSS writes the title inside
      // CDATA, where text is literal (an escaped "&lt;" would show as such): it gets the plain text,
      // with its "]]>" split as CDATA needs. JSON Feed carries plain text.
      title: format === 'json' ? e.title : format === 'rss' ? cdataText(e.title) : escapeHtml(e.title),
      link: e.link,
      date: new Date(e.updated),
      published: new Date(e.published),
      description: format === 'json' ? e.summary : escapeHtml(e.summary),
      content: e.contentHtml,
      category: [{ name: e.kind, term: e.kind }],
    };
    // RSS 2.0 has one date per item: `feed` writes pubDate from `published` (what readers sort on)
    // and would drop the update time, so an updated incident would look unchanged. Atom's
    // <atom:updated> carries it for the readers that know it (the namespace is declared for the
    // self link already).
    if (format === 'rss') item.extensions = [{ name: 'atom:updated', objects: { _text: new Date(e.updated).toISOString() } }];
    feed.addItem(item);
  }
  if (format === 'rss') return xmlSafe(feed.rss2());
  if (format === 'atom') return xmlSafe(feed.atom1()).replace('<feed xmlns="http://www.w3.org/2005/Atom">', `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${model.locale}">`);
  return jsonFeed11(feed.json1(), model);
}

/**
 * Text for a CDATA section that `feed` writes through xml-js, which splits only the first "]]>"
 * (into "]]]]><![CDATA[>"): every later one is split here, so none closes the section early.
 * test/services/feeds/feeds-http.test.ts reads such a title back with an XML parser.
 */
function cdataText(text: string): string {
  const first = text.indexOf(']]>');
  if (first < 0) return text;
  const head = text.slice(0, first + 3);
  return head + text.slice(first + 3).replaceAll(']]>', ']]]]><![CDATA[>');
}

/** `feed` writes JSON Feed 1.0; 1.1 renames the version, adds `language` and replaces `author` by `authors`. */
function jsonFeed11(text: string, model: FeedModel): string {
  const { author: _author, items, ...rest } = JSON.parse(text) as Record<string, unknown>;
  return JSON.stringify({
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    language: model.locale,
    authors: [{ name: model.author.name, url: model.author.url }],
    items,
  });
}

function calendarText(ctx: AppContext, locale: Locale): string {
  const model = maintenanceCalendar(ctx, locale);
  const cal = ical({ name: model.name, description: model.description, url: model.url, prodId: { company: 'Baken', product: ctx.config.pageName, language: locale.toUpperCase() }, ttl: CALENDAR_TTL_S });
  for (const e of model.events) {
    cal.createEvent({
      id: e.uid,
      sequence: e.sequence,
      start: new Date(e.start),
      end: new Date(e.end),
      summary: e.summary,
      description: e.description,
      url: e.url,
      status: e.status === 'CANCELLED' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
      created: new Date(e.created),
      lastModified: new Date(e.lastModified),
      // A published calendar's DTSTAMP is the time the event's information last changed (RFC 5545
      // §3.8.7.2), not the time of the download: stable output, and the response cache agrees.
      stamp: new Date(e.lastModified),
    });
  }
  return cal.toString();
}
