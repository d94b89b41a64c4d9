// Incident history (months, pagination), the incident page and the maintenance page over real
// HTTP, in both languages, with the HTML 404 for whatever does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, get, wordsOf, type World } from './world.ts';

let world: World;
beforeAll(async () => {
  world = await buildWorld();
});
afterAll(() => world?.server.stop());

const monthName = (locale: string, t: number) => new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Amsterdam', month: 'long', year: 'numeric' }).format(t);

describe('incident history', () => {
  it('lists 20 incidents per page, newest first, under month headings', async () => {
    const { status, html } = await get(world, '/en/incidents');
    expect(status).toBe(200);
    expect(html).toContain('<h1>Incident history</h1>');
    const links = [...html.matchAll(/<h3 class="card-title"><a href="\/en\/incidents\/(\d+)">/g)].map((m) => Number(m[1]));
    expect(links).toHaveLength(20);
    expect(links.slice(0, 2)).toEqual([world.mailIncidentId, world.storageIncidentId]);
    expect(html).toContain(`>${monthName('en-GB', world.storageStartedAt)}</h2>`);
    expect(html).toContain('<a rel="next" href="/en/incidents?page=2">Older incidents →</a>');
    expect(html).not.toContain('rel="prev"');
    expect(html).toContain('Page 1 of 2');
  });

  it('shows severity, impact, status and the time range of each incident', async () => {
    const { html } = await get(world, '/en/incidents');
    const card = wordsOf(html.match(new RegExp(`<article[^>]*><h3 class="card-title"><a href="/en/incidents/${world.storageIncidentId}">.*?</article>`))![0]);
    expect(card).toMatch(/^Storage array failure Status Resolved Impact Major outage Severity Critical Started – Resolved .+ CES?T$/);
  });

  it('serves page 2 with the rest and a link back, in Dutch with Dutch month names', async () => {
    const { status, html } = await get(world, '/nl/incidents?page=2');
    expect(status).toBe(200);
    expect(html.match(/<h3 class="card-title">/g)).toHaveLength(4);
    expect(html).toContain('<a rel="prev" href="/nl/incidents">← Nieuwere storingen</a>');
    expect(html).toContain('Pagina 2 van 2');
    const oldest = world.now - (120 + 21 * 5) * 86_400_000;
    expect(html).toContain(`>${monthName('nl-NL', oldest)}</h2>`);
    expect(html).toContain('<a href="/en/incidents?page=2" hreflang="en" lang="en">English</a>');
  });

  it('answers pages out of range or malformed with the HTML 404', async () => {
    for (const q of ['?page=3', '?page=0', '?page=-1', '?page=abc', '?page=1.5']) {
      const res = await get(world, `/en/incidents${q}`);
      expect(res.status, q).toBe(404);
      expect(res.html).toContain('<h1>Page not found</h1>');
    }
  });
});

describe('an incident page', () => {
  it('shows the facts, affected services and the timeline latest first', async () => {
    const { status, html } = await get(world, `/en/incidents/${world.storageIncidentId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1>Storage array failure</h1>');
    expect(html).toContain('<title>Partial system outage · Storage array failure – Sensey</title>');
    const facts = wordsOf(html.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0]);
    expect(facts).toMatch(/^Status Resolved Impact Major outage Severity Critical Started \d+ \w+ \d{4} at \d\d:\d\d CES?T Resolved \d+ \w+ \d{4} at \d\d:\d\d CES?T$/);
    expect(wordsOf(html.match(/<ul class="affected">.*?<\/ul>/)![0])).toBe('Web hosting Major outage');
    const labels = [...html.matchAll(/<p class="update-meta"><strong>(\w+)<\/strong>/g)].map((m) => m[1]);
    expect(labels).toEqual(['Resolved', 'Identified', 'Investigating']);
  });

  it('renders markdown sanitised: bold becomes <strong>, a script never becomes a tag', async () => {
    const { html } = await get(world, `/en/incidents/${world.storageIncidentId}`);
    expect(html).toContain('Sites are <strong>down</strong>.');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('alert(');
  });

  it('shows the published post-incident report', async () => {
    const { html } = await get(world, `/en/incidents/${world.storageIncidentId}`);
    expect(html).toContain('<h2 id="report">Post-incident report</h2>');
    expect(html).toContain('<h3>What happened</h3>');
    expect(html).toContain('<p>A disk controller failed.</p>');
  });

  it('speaks Dutch on /nl/ and marks backfilled incidents', async () => {
    const nl = (await get(world, `/nl/incidents/${world.storageIncidentId}`)).html;
    expect(wordsOf(nl.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0])).toMatch(/^Status Opgelost Impact Grote storing Ernst Kritiek Begonnen \d+ \w+ \d{4} om \d\d:\d\d CES?T Opgelost/);
    expect(nl).toContain('<h2 id="report">Evaluatie na de storing</h2>');
    const backfilled = (await get(world, `/en/incidents/${world.oldIncidentIds[0]}`)).html;
    expect(backfilled).toContain('<span class="tag">Backfilled</span> This incident was recorded after the fact.');
    expect((await get(world, `/en/incidents/${world.storageIncidentId}`)).html).not.toContain('recorded after the fact');
  });

  it('answers unknown and non-numeric ids with the HTML 404 in the page language', async () => {
    for (const path of ['/en/incidents/999999', '/en/incidents/abc', '/en/incidents/0', '/en/incidents/1e3']) {
      const res = await get(world, path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/text\/html/);
      expect(res.html).toContain('<html lang="en">');
      expect(res.html).toContain('<h1>Page not found</h1>');
    }
    const nl = await get(world, '/nl/incidents/999999');
    expect(nl.status).toBe(404);
    expect(nl.html).toContain('<h1>Pagina niet gevonden</h1>');
  });
});

describe('a maintenance page', () => {
  it('shows status, the scheduled window, actual times, services, body and updates', async () => {
    const { status, html } = await get(world, `/en/maintenance/${world.maintenanceId}`);
    expect(status).toBe(200);
    expect(html).toContain('<h1>Storage firmware upgrade</h1>');
    const facts = wordsOf(html.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0]);
    const range = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).formatRange(world.maintenanceStart, world.maintenanceEnd);
    expect(facts).toMatch(new RegExp(`^Status Scheduled Scheduled window ${range} Actual start Not yet Actual end Not yet Notice given `));
    // Announced a day before now, three days ahead: 96 h of notice, the SLA's 48 h rule met.
    const announced = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Amsterdam', day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(world.now - 86_400_000);
    expect(facts).toContain(`Notice given Announced ${announced} , 96 h before the scheduled start`);
    expect(facts).toMatch(/96 h before the scheduled start Meets the SLA’s 48-hour notice Within its announced window this maintenance does not count as downtime\.$/);
    expect(wordsOf(html.match(/<ul class="affected">.*?<\/ul>/)![0])).toBe('Web hosting');
    expect(html).toContain('<p>Expect <strong>short</strong> interruptions.</p>');
    expect(html).toContain('<p class="update-meta"><strong>Scheduled</strong>');
  });

  it('speaks Dutch on /nl/ and answers unknown ids with 404', async () => {
    const nl = (await get(world, `/nl/maintenance/${world.maintenanceId}`)).html;
    expect(wordsOf(nl.match(/<dl class="facts facts-detail">.*?<\/dl>/)![0])).toMatch(/^Status Gepland Geplande tijd .+ Werkelijke start Nog niet Werkelijk einde Nog niet Aankondiging Aangekondigd .+, 96 u voor de geplande start Voldoet aan de aankondiging van 48 uur uit de SLA /);
    for (const path of ['/nl/maintenance/424242', '/nl/maintenance/x']) {
      const res = await get(world, path);
      expect(res.status, path).toBe(404);
      expect(res.html).toContain('<h1>Pagina niet gevonden</h1>');
    }
  });
});
