// Issue 13 over real HTTP, on a fixed clock (2 December 2026, 12:00 in Amsterdam): the running
// month's SLA as budgets and certain credits, one status signal (banner, logo, favicon, title,
// Statuspage JSON), affected services with their worst impact and history, the maintenance notice,
// per-service pages and the filterable, searchable history with maintenance in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSignalWorld, type SignalWorld } from './signal-world.ts';
import { wordsOf } from './world.ts';

let w: SignalWorld;
beforeAll(async () => {
  w = await buildSignalWorld();
});
afterAll(() => w?.server.stop());

async function page(path: string, status = 200): Promise<{ html: string; headers: Headers }> {
  const res = await fetch(`${w.server.url}${path}`);
  expect({ path, status: res.status }).toEqual({ path, status });
  return { html: (await res.text()).replace(/ data-astro-cid-\w+/g, ''), headers: res.headers };
}
const rowOf = (html: string, name: string) => {
  const start = html.indexOf(`<th scope="row">${name}</th>`);
  expect(start, name).toBeGreaterThan(0);
  return html.slice(start, html.indexOf('</tr>', start));
};

describe('month-to-date SLA on /sla: budgets against the whole month, credits once certain', () => {
  it('DNS after 28 min on 1 December: no credit, the budget left per tier of the 31-day month (nl)', async () => {
    const { html } = await page('/nl/sla');
    const dns = rowOf(html, 'DNS');
    // December = 2,678,400 s: 99.9 % allows 2,678.4 s, 99.0 % 26,784 s, 98.0 % 53,568 s; 1,680 s used.
    expect(dns).toContain('<td class="num" data-label="Downtime tot nu toe">28 min</td>');
    expect(dns).toContain('<ul class="budgets"><li>nog 16 min 38 s tot 99,9\u00a0%</li><li>nog 6 u 58 min 24 s tot 99,0\u00a0%</li><li>nog 14 u 24 min 48 s tot 98,0\u00a0%</li></ul>');
    expect(dns).toContain('Nog geen');
    // The month-to-date ratio (1,680 s of 1 d 13 h = 98.74 %) and its 25 % credit are gone.
    expect(html).not.toContain('98,7');
    expect(html).not.toContain('kunnen nog dalen');
  });

  it('a service created today: budgets over its 30 covered days; past 99.9 % the 10 % credit is certain (en)', async () => {
    const { html } = await page('/en/sla');
    const fresh = rowOf(html, 'New service');
    // Covered 2 Dec 00:00 – 1 Jan 00:00 = 2,592,000 s: 99.9 % allows 2,592 s, 3 h = 10,800 s used.
    expect(fresh).toContain('<td class="num" data-label="Downtime so far">3 h</td>');
    expect(fresh).toContain('<ul class="budgets"><li>4 h 12 min left before 99.0%</li><li>11 h 24 min left before 98.0%</li></ul>');
    expect(wordsOf(fresh)).toContain('10%');
    // Mail: 1 h major + 2 h partial (× 0.3) = 5,760 s, past 2,678.4 s: 10 % certain.
    expect(rowOf(html, 'Mail')).toContain('<li>5 h 50 min 24 s left before 99.0%</li><li>13 h 16 min 48 s left before 98.0%</li>');
    expect(rowOf(html, 'Staging')).toContain('Not covered');
  });
});

describe('one status signal', () => {
  it('home: banner, header logo, favicon and title all say "partial system outage"; the JSON says major', async () => {
    const { html } = await page('/nl/');
    expect(html).toContain('<div class="banner status-partial" data-indicator="major">');
    expect(html).toContain('<p class="banner-text">Gedeeltelijke systeemstoring</p>');
    expect(html).toContain('<svg class="brand-mark" data-status="major"');
    expect(html).toContain('<title>Gedeeltelijke systeemstoring · Status van Sensey</title>');
    const icon = html.match(/<link rel="icon" href="([^"]+)" type="image\/svg\+xml">/)![1]!;
    expect(icon).toBe('/favicon-major.svg');
    const file = await fetch(`${w.server.url}${icon}`);
    expect([file.status, file.headers.get('content-type')]).toEqual([200, 'image/svg+xml']);
    expect(await file.text()).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" viewBox="0 0 20 20"><path d="M10 1.2L19.3 18.4H.7z" fill="#bc4c00"/);
    for (const path of ['/api/v2/status.json', '/api/v2/summary.json']) {
      const body = (await (await fetch(`${w.server.url}${path}`)).json()) as { status: { indicator: string; description: string } };
      expect(body.status, path).toEqual({ indicator: 'major', description: 'Partial System Outage' });
    }
  });

  it('every other page carries the same mark, favicon and title prefix', async () => {
    const { html } = await page(`/en/incidents/${w.dnsIncidentId}`);
    expect(html).toContain('<title>Partial system outage · DNS resolution failing – Sensey</title>');
    expect(html).toContain('<svg class="brand-mark" data-status="major"');
    expect(html).toContain('<link rel="icon" href="/favicon-major.svg" type="image/svg+xml">');
  });

  it('an incident shows the worst impact per service and its history; impact and severity in distinct words', async () => {
    const { html } = await page(`/en/incidents/${w.mailIncidentId}`);
    const facts = wordsOf(html.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0]);
    expect(facts).toMatch(/^Status Identified Impact Major outage Severity Critical /);
    const affected = html.match(/<ul class="affected">.*?<\/ul>\s*<\/li>\s*<\/ul>|<ul class="affected">.*?<\/ol><\/li><\/ul>/s)![0];
    expect(wordsOf(affected)).toMatch(/^Mail Major outage Major outage: 2 Dec 2026, 09:00–10:00 CET Partial outage: 2 December 2026 at 10:00 CET – Ongoing$/);
    expect(affected).toContain('aria-label="Impact on Mail over time"');
    const nl = (await page(`/nl/incidents/${w.oldDnsIncidentId}`)).html;
    // The SLA's severity table says "Medium"; the impact reads as the service status it stands for.
    expect(wordsOf(nl.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0])).toMatch(/^Status Opgelost Impact Verminderde prestaties Ernst Medium /);
  });
});

describe('the maintenance notice', () => {
  it('a window announced 20 h ahead: the notice given and that it missed the 48 h rule, in en and nl', async () => {
    const en = wordsOf((await page(`/en/maintenance/${w.shortNoticeId}`)).html);
    expect(en).toContain('Notice given Announced 19 November 2026 at 06:00 CET , 20 h before the scheduled start Less than the SLA’s 48-hour notice This maintenance counts as downtime for the SLA while it is in progress.');
    const nl = wordsOf((await page(`/nl/maintenance/${w.shortNoticeId}`)).html);
    expect(nl).toContain('Aankondiging Aangekondigd 19 november 2026 om 06:00 CET , 20 u voor de geplande start Korter dan de aankondiging van 48 uur uit de SLA Dit onderhoud telt voor de SLA als onbeschikbaarheid zolang het bezig is.');
  });
});

describe('per-service pages', () => {
  it('the home page links each service name to its page', async () => {
    const { html } = await page('/en/');
    expect(html).toContain('<h4 class="service-name"><a href="/en/services/dns">DNS</a></h4>');
    expect(html).toContain('<a href="/en/services/new-service">New service</a>');
  });

  it('/nl/services/dns: status, 90-day bar, month-to-date SLA, history with maintenance, its feeds', async () => {
    const { html } = await page('/nl/services/dns');
    expect(html).toContain('<h1>DNS</h1>');
    expect(html).toContain('<title>Gedeeltelijke systeemstoring · DNS – status van Sensey</title>');
    expect(wordsOf(html.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0])).toBe('Status nu Werkt normaal Groep Infrastructure');
    expect(html).toContain('<ol class="bar" aria-label="Beschikbaarheid, laatste 90 dagen: DNS">');
    expect(html.match(/<ol class="bar"[^>]*>.*?<\/ol>/s)![0].match(/<li/g)).toHaveLength(90);
    const sla = html.slice(html.indexOf('<h2 id="sla"'), html.indexOf('</section>', html.indexOf('<h2 id="sla"')));
    expect(wordsOf(sla)).toBe('SLA deze maand (december 2026) Downtime tot nu toe 28 min Budget over deze maand nog 16 min 38 s tot 99,9 % nog 6 u 58 min 24 s tot 99,0 % nog 14 u 24 min 48 s tot 98,0 % Credit Nog geen SLA');
    const history = html.slice(html.indexOf('id="history"'), html.indexOf('</section>', html.indexOf('id="history"')));
    expect([...history.matchAll(/<h3 class="card-title"><a href="\/nl\/(incidents|maintenance)\/(\d+)">/g)].map((m) => `${m[1]}/${m[2]}`)).toEqual([
      `incidents/${w.dnsIncidentId}`,
      `maintenance/${w.shortNoticeId}`,
      `incidents/${w.oldDnsIncidentId}`,
    ]);
    expect(history).toContain('<a href="/nl/incidents?service=dns">Alle geschiedenis van DNS</a>');
    for (const f of ['rss', 'atom', 'json']) expect(html).toContain(`href="/nl/services/dns/feed.${f}"`);
    const feed = (await (await fetch(`${w.server.url}/nl/services/dns/feed.json`)).json()) as { items: { title: string }[] };
    expect(feed.items.map((i) => i.title).some((t) => t.includes('Mail'))).toBe(false);
    expect(feed.items.map((i) => i.title).some((t) => t.includes('DNS resolution failing'))).toBe(true);
  });

  it('a service with an open incident shows it; an uncovered one says it has no SLA', async () => {
    const mail = (await page('/en/services/mail')).html;
    expect(mail).toContain(`<a href="/en/incidents/${w.mailIncidentId}">Mail outage</a>`);
    expect(mail).toContain('<span>Partial outage</span>');
    const staging = (await page('/en/services/staging')).html;
    expect(staging.slice(staging.indexOf('id="sla"'))).toMatch(/^id="sla">SLA this month \(December 2026\)<\/h2><p class="muted">Not covered<\/p>/);
  });

  it('unknown slugs are the 404 page', async () => {
    for (const path of ['/nl/services/nope', '/en/services/DNS', '/en/services/dns%20x']) {
      const res = await fetch(`${w.server.url}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});

describe('the history: maintenance in it, filter by service, search by text (GET, no script)', () => {
  const cards = (html: string) => [...html.matchAll(/<h3 class="card-title"><a href="\/\w\w\/(incidents|maintenance)\/(\d+)">([^<]+)<\/a>/g)].map((m) => m[3]);

  it('lists incidents and worked maintenance together, newest first, with the filter form', async () => {
    const { html } = await page('/en/incidents');
    expect(cards(html)).toEqual(['Mail outage', 'New service down', 'DNS resolution failing', 'Resolver upgrade', 'DNS slow']);
    expect(html).toContain('<form class="history-filter" method="get" action="/en/incidents" role="search" aria-label="Filter the history">');
    expect(html).toContain('<label for="history-service">Service</label>');
    expect(html).toContain('<option value="dns">DNS</option>');
    expect(html).toContain('<label for="history-q">Search titles and updates</label>');
  });

  it('?service=dns: that service only, the choice kept in the form', async () => {
    const { html } = await page('/en/incidents?service=dns');
    expect(cards(html)).toEqual(['DNS resolution failing', 'Resolver upgrade', 'DNS slow']);
    expect(html).toContain('<option value="dns" selected>DNS</option>');
    expect(html).toContain('3 incidents and maintenance windows match.');
  });

  it('?q= searches titles and update bodies, case-insensitively; % is literal; no match says so', async () => {
    expect(cards((await page('/en/incidents?q=RESOLVER')).html)).toEqual(['DNS resolution failing', 'Resolver upgrade']);
    expect(cards((await page('/nl/incidents?q=half+of+the')).html)).toEqual(['Mail outage']);
    const none = (await page('/en/incidents?service=mail&q=resolver')).html;
    expect(cards(none)).toEqual([]);
    expect(none).toContain('Nothing in the history matches this filter.');
    expect(none).toContain('value="resolver"');
    expect(cards((await page('/en/incidents?q=%25')).html)).toEqual([]);
  });

  it('an unknown service is the 404 page', async () => {
    await page('/en/incidents?service=nope', 404);
  });

  it('the cache keeps one entry per canonical filter: other spellings of a search are hits', async () => {
    const first = await page('/en/incidents?q=dns+slow');
    const again = await page('/en/incidents?q=%20DNS%20%20Slow&utm_source=x');
    expect(again.headers.get('x-cache')).toBe('HIT');
    expect(again.html).toBe(first.html);
    expect(cards(again.html)).toEqual(['DNS slow']);
  });
});
