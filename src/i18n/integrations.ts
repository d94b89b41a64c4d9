// Text of the public integrations page (badges, embed, feeds, the Statuspage-compatible API,
// webhooks) and of the embeddable status frame, in English and Dutch. `IntegrationsDictionary` is
// derived from `en`, so a missing Dutch string is a type error.
import type { Locale } from '../config.ts';

const en = {
  footerLink: 'Integrations: badges, embed, feeds, API',
  title: (page: string) => `Integrations – ${page} status`,
  description: (page: string) => `Show ${page}'s status on your own site or in your tools: badges, an embeddable status frame, feeds and a Statuspage-compatible API.`,
  heading: 'Integrations',
  intro: 'Everything here is public, needs no account and loads nothing from third parties. Copy a snippet into your site, wiki or tool.',
  badges: {
    heading: 'Badges',
    intro: 'SVG images with the current status or the 90-day uptime, for a README, a wiki or an intranet page. They update within seconds of a change.',
    page: 'Overall status',
    serviceStatus: (name: string) => `${name}: status`,
    serviceUptime: (name: string) => `${name}: 90-day uptime`,
    markdown: 'Markdown',
    html: 'HTML',
    styles: 'Add ?style=flat-square, ?style=for-the-badge or ?style=plastic for another look.',
  },
  embed: {
    heading: 'Embeddable status',
    intro: 'A small frame with the overall status, current incidents and maintenance, with a link to this page. It is plain HTML without scripts, so it works on pages with a strict Content Security Policy.',
    csp: 'If your page sends a Content-Security-Policy, allow this site as a frame source:',
    preview: 'Preview',
    frameTitle: (page: string) => `${page} status`,
  },
  feeds: {
    heading: 'Feeds and calendar',
    intro: 'Follow incidents and maintenance in a feed reader, or put the maintenance windows in your calendar.',
    rss: 'RSS 2.0',
    atom: 'Atom 1.0',
    json: 'JSON Feed 1.1',
    calendar: 'Maintenance calendar (iCalendar)',
    perService: 'Each service has its own feeds too, at /services/<slug>/feed.rss (and .atom, .json).',
  },
  api: {
    heading: 'Statuspage-compatible API',
    intro: 'Read-only JSON in the format of Atlassian Statuspage’s public API v2, so existing widgets, bots and aggregators that let you set the base URL read this page unchanged. Readable from other sites (CORS).',
    uptime: 'Baken’s own: per-day uptime figures for the last 90 days.',
  },
  webhooks: {
    heading: 'Webhooks, Slack and Microsoft Teams',
    intro: 'Staff can send every incident, maintenance and component status change to a URL of yours: JSON in Statuspage’s webhook shape, or a message in a Slack or Teams channel through an incoming webhook. Ask the status page’s staff to add your endpoint.',
    signature: 'Every JSON request carries a Baken-Signature header, t=<unix time>,v1=<HMAC-SHA256 in hex>, computed over "<t>.<request body>" with the secret you get when the endpoint is added. Compare it in constant time and refuse timestamps older than five minutes.',
    eventId: 'Baken-Event-Id names the event. A request is retried with backoff until your server answers 2xx, and after a crash it can arrive twice with the same id: remember the ids you have processed and ignore repeats.',
  },
  // The embeddable frame.
  frame: {
    title: (page: string) => `${page} status`,
    open: (page: string) => `Open the ${page} status page`,
    incidents: 'Current incidents',
    maintenance: 'Maintenance',
    updated: 'As of',
  },
};

export type IntegrationsDictionary = typeof en;

const nl: IntegrationsDictionary = {
  footerLink: 'Integraties: badges, insluiten, feeds, API',
  title: (page) => `Integraties – status ${page}`,
  description: (page) => `Toon de status van ${page} op uw eigen site of in uw tools: badges, een insluitbaar statusvenster, feeds en een Statuspage-compatibele API.`,
  heading: 'Integraties',
  intro: 'Alles hier is openbaar, vraagt geen account en laadt niets van derden. Kopieer een fragment naar uw site, wiki of tool.',
  badges: {
    heading: 'Badges',
    intro: 'SVG-afbeeldingen met de huidige status of de uptime over 90 dagen, voor een README, wiki of intranetpagina. Ze zijn binnen enkele seconden na een wijziging bij.',
    page: 'Algemene status',
    serviceStatus: (name) => `${name}: status`,
    serviceUptime: (name) => `${name}: uptime over 90 dagen`,
    markdown: 'Markdown',
    html: 'HTML',
    styles: 'Voeg ?style=flat-square, ?style=for-the-badge of ?style=plastic toe voor een ander uiterlijk.',
  },
  embed: {
    heading: 'Insluitbare status',
    intro: 'Een klein venster met de algemene status, lopende storingen en onderhoud, met een link naar deze pagina. Het is gewone HTML zonder scripts, dus het werkt op pagina’s met een strikte Content Security Policy.',
    csp: 'Stuurt uw pagina een Content-Security-Policy mee, sta deze site dan toe als framebron:',
    preview: 'Voorbeeld',
    frameTitle: (page) => `Status ${page}`,
  },
  feeds: {
    heading: 'Feeds en agenda',
    intro: 'Volg storingen en onderhoud in een feedlezer, of zet de onderhoudsvensters in uw agenda.',
    rss: 'RSS 2.0',
    atom: 'Atom 1.0',
    json: 'JSON Feed 1.1',
    calendar: 'Onderhoudsagenda (iCalendar)',
    perService: 'Elke dienst heeft ook eigen feeds, op /services/<slug>/feed.rss (en .atom, .json).',
  },
  api: {
    heading: 'Statuspage-compatibele API',
    intro: 'Alleen-lezen JSON in het formaat van de publieke API v2 van Atlassian Statuspage, zodat bestaande widgets, bots en verzamelaars waarin u de basis-URL kunt instellen deze pagina ongewijzigd lezen. Leesbaar vanaf andere sites (CORS).',
    uptime: 'Van Baken zelf: uptimecijfers per dag over de laatste 90 dagen.',
  },
  webhooks: {
    heading: 'Webhooks, Slack en Microsoft Teams',
    intro: 'Medewerkers kunnen elke storing, elk onderhoud en elke statuswijziging van een dienst naar een URL van u sturen: JSON in de webhookvorm van Statuspage, of een bericht in een Slack- of Teams-kanaal via een incoming webhook. Vraag de beheerders van deze statuspagina uw endpoint toe te voegen.',
    signature: 'Elk JSON-verzoek heeft een Baken-Signature-header, t=<unix-tijd>,v1=<HMAC-SHA256 in hex>, berekend over "<t>.<inhoud van het verzoek>" met het geheim dat u krijgt als het endpoint wordt toegevoegd. Vergelijk in constante tijd en weiger tijdstempels ouder dan vijf minuten.',
    eventId: 'Baken-Event-Id noemt de gebeurtenis. Een verzoek wordt met toenemende tussenpozen herhaald tot uw server 2xx antwoordt, en na een crash kan het twee keer aankomen met hetzelfde id: onthoud de verwerkte id’s en negeer herhalingen.',
  },
  frame: {
    title: (page) => `Status ${page}`,
    open: (page) => `Open de statuspagina van ${page}`,
    incidents: 'Lopende storingen',
    maintenance: 'Onderhoud',
    updated: 'Stand van',
  },
};

export const integrationsText: Record<Locale, IntegrationsDictionary> = { en, nl };
