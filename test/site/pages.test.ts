// The status page over real HTTP: banner, services by group, status words, uptime figures, the
// 90-day bars and their day texts, in both languages; redirects and the layout around it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barOf, buildWorld, dayText, get, longDate, OUTAGE_SECONDS, wordsOf, truncated, type World } from './world.ts';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.server.stop());

describe('routing', () => {
  it('redirects / to the default locale with a 302', async () => {
    const res = await get(world, '/');
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get('location')!, world.server.url).pathname).toBe('/nl/');
  });

  it('keeps the path and query when redirecting an unprefixed page', async () => {
    const res = await get(world, '/incidents?page=2');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/\/nl\/incidents\?page=2$/);
  });

  it('answers an unknown locale with the HTML 404', async () => {
    const res = await get(world, '/_xx/');
    expect(res.status).toBe(404);
    expect(res.html).toContain('<html lang="nl">');
    expect(res.html).toContain('Pagina niet gevonden');
  });
});

describe('the status page', () => {
  it('states the overall status in words, in each language', async () => {
    const en = await get(world, '/en/');
    const nl = await get(world, '/nl/');
    expect(en.status).toBe(200);
    expect(nl.status).toBe(200);
    expect(en.html).toContain('<p class="banner-text">Partial system outage</p>');
    expect(nl.html).toContain('<p class="banner-text">Gedeeltelijke systeemstoring</p>');
    expect(en.html).toContain('class="banner status-partial"');
    expect(en.html).toMatch(/class="banner status-partial" data-indicator="major"><svg class="icon icon-partial"/);
    // The same status in the header's logo mark and the favicon (issue 13: no green check beside an outage).
    expect(en.html).toContain('<svg class="brand-mark" data-status="major"');
    expect(en.html).toContain('<link rel="icon" href="/favicon-major.svg" type="image/svg+xml">');
  });

  it('sets the language, title, description and alternates per locale', async () => {
    const { html } = await get(world, '/en/');
    expect(html).toContain('<html lang="en">');
    // Not operational: the title says so first.
    expect(html).toContain('<title>Partial system outage · Sensey status</title>');
    expect(html).toMatch(/<meta name="description" content="Current status[^"]+">/);
    expect(html).toContain(`<link rel="alternate" hreflang="nl" href="${world.server.url}/nl/">`);
    expect(html).toContain('<a href="/nl/" hreflang="nl" lang="nl">Nederlands</a>');
    expect(html).toContain('<a class="skip-link" href="#main">Skip to content</a>');
    expect(html).toContain('<main id="main"');
    expect(html).toContain('Times shown in Europe/Amsterdam (CET/CEST).');
    const nl = (await get(world, '/nl/')).html;
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toContain('<a href="/en/" hreflang="en" lang="en">English</a>');
    expect(nl).toContain('Tijden in Europe/Amsterdam (CET/CEST).');
  });

  it('ships no script at all', async () => {
    for (const path of ['/en/', '/nl/incidents', `/en/incidents/${world.storageIncidentId}`]) {
      expect((await get(world, path)).html).not.toMatch(/<script/i);
    }
  });

  it('shows each group with its worst status and each service with its status word', async () => {
    const en = (await get(world, '/en/')).html;
    expect(wordsOf(en.match(/<h3 class="group-head">.*?<\/h3>/)![0])).toBe('Hosting Major outage');
    const service = (slug: string, html: string) => wordsOf(html.match(new RegExp(`<li class="service" id="service-${slug}">.*?(?=<p class="service-uptime">)`))![0]);
    expect(service('webhosting', en)).toBe('Web hosting Shared hosting in Amsterdam Operational');
    expect(service('mail', en)).toBe('Mail Major outage');
    const nl = (await get(world, '/nl/')).html;
    expect(service('mail', nl)).toBe('Mail Grote storing');
    expect(service('webhosting', nl)).toBe('Web hosting Shared hosting in Amsterdam Werkt normaal');
    expect(wordsOf(nl.match(/<h3 class="group-head">.*?<\/h3>/)![0])).toBe('Hosting Grote storing');
    expect(nl).toContain('Overige diensten');
  });

  it('shows the 90-day uptime, truncated to two decimals, localized', async () => {
    // Observed since 30 days ago, 2,700 s of major outage: 1 − 2700 / 2,592,000 s ≈ 99.8958 %.
    const en = (await get(world, '/en/')).html;
    const nl = (await get(world, '/nl/')).html;
    const uptime = (slug: string, html: string) => html.match(new RegExp(`id="service-${slug}">.*?<p class="service-uptime">(.*?)</p>`))![1];
    expect(uptime('webhosting', en)).toBe('99.89% uptime over 90 days');
    expect(uptime('webhosting', nl)).toBe('99,89\u00a0% beschikbaar over 90 dagen');
    expect(uptime('legacy', en)).toBe('100.00% uptime over 90 days');
    // On the fixed clock, Mail's open outage has lasted exactly one hour: 1 − 3600 / 2,592,000 s = 99.8611… %.
    expect(uptime('mail', en)).toBe('99.86% uptime over 90 days');
    expect(uptime('new-dc', en)).toBe('No uptime data yet');
    expect(uptime('new-dc', nl)).toBe('Nog geen beschikbaarheidsgegevens');
  });

  it('draws 90 focusable day cells per service, as a labelled list', async () => {
    const en = (await get(world, '/en/')).html;
    for (const name of ['Web hosting', 'Mail', 'Legacy portal', 'New data centre']) {
      const bar = barOf(en, `Uptime, last 90 days: ${name}`);
      expect(bar.match(/<li class="day /g)).toHaveLength(90);
      expect(bar.match(/tabindex="0"/g)).toHaveLength(90);
    }
    expect(barOf(en, 'Uptime, last 90 days: New data centre').match(/status-nodata/g)).toHaveLength(90);
    expect(en).toContain('<span class="wide">90 days ago</span><span class="narrow">30 days ago</span><span>Today</span>');
    const nl = (await get(world, '/nl/')).html;
    expect(barOf(nl, 'Beschikbaarheid, laatste 90 dagen: Mail').match(/<li class="day /g)).toHaveLength(90);
    expect(nl).toContain('<span class="wide">90 dagen geleden</span><span class="narrow">30 dagen geleden</span><span>Vandaag</span>');
  });

  it('names the outage day: date, exact uptime and the incident, linked', async () => {
    const percent = truncated((1 - OUTAGE_SECONDS / world.outageDaySeconds) * 100);
    if (world.outageDaySeconds === 86_400) expect(percent).toBe('96.87');
    const en = (await get(world, '/en/')).html;
    expect(dayText(en, world.hostingId, world.outageDay)).toBe(`${longDate('en-GB', world.outageDay)}, ${percent}% uptime, 1 incident: Storage array failure.`);
    expect(en).toContain(`<a href="/en/incidents/${world.storageIncidentId}">Storage array failure</a>`);
    expect(en).toMatch(new RegExp(`<li class="day status-major" tabindex="0" aria-labelledby="day-${world.hostingId}-${world.outageDay}">`));

    const nl = (await get(world, '/nl/')).html;
    expect(dayText(nl, world.hostingId, world.outageDay)).toBe(`${longDate('nl-NL', world.outageDay)}, ${percent.replace('.', ',')} % beschikbaar, 1 storing: Storage array failure.`);
  });

  it('says "no data" for days before a service started and 100% for quiet days', async () => {
    const en = (await get(world, '/en/')).html;
    const bar = barOf(en, 'Uptime, last 90 days: Web hosting');
    const first = bar.match(/aria-labelledby="day-\d+-(\d{4}-\d{2}-\d{2})"/)![1]!;
    expect(dayText(en, world.hostingId, first)).toBe(`${longDate('en-GB', first)}, No data.`);
    const legacyFirst = barOf(en, 'Uptime, last 90 days: Legacy portal').match(/aria-labelledby="day-\d+-(\d{4}-\d{2}-\d{2})"/)![1]!;
    expect(dayText(en, world.legacyId, legacyFirst)).toBe(`${longDate('en-GB', legacyFirst)}, 100.00% uptime.`);
  });

  it('lists the active incident with its latest update, and the upcoming maintenance', async () => {
    const en = (await get(world, '/en/')).html;
    expect(en).toContain(`<a href="/en/incidents/${world.mailIncidentId}">Mail delivery stopped</a>`);
    expect(en).toContain('<strong>Latest update: Identified</strong>');
    expect(en).toContain('<p>The queue is <strong>stuck</strong>; we are restarting it.</p>');
    expect(en).toContain(`<a href="/en/maintenance/${world.maintenanceId}">Storage firmware upgrade</a>`);
    expect(en).not.toContain('No active incidents.');
    expect(en).toContain('<h2 id="upcoming-maintenance">Scheduled maintenance</h2>');
    const nl = (await get(world, '/nl/')).html;
    expect(nl).toContain('<strong>Laatste update: Oorzaak gevonden</strong>');
    expect(nl).toContain('Gepland onderhoud');
  });
});
