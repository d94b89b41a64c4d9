// The SLA page, the reports index and report pages over real HTTP, in both languages: the policy
// from content/sla, this month's live figures, a year report with its chart and month table, and the
// 404 page for invalid and future periods. The world is written to the database before the server
// starts, which runs on a fixed clock (BAKEN_NOW), so the live figures are exact.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { currentMonthKey, parsePeriod } from '../../../src/domain/periods.ts';
import { HOUR, makeIncident, makeService } from '../../support/factories.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const ZONE = 'Europe/Amsterdam';
const MIN = 60_000;
let server: RunningServer;
let now: number;
let monthKey: string;

async function page(path: string, status = 200): Promise<string> {
  const res = await fetch(`${server.url}${path}`);
  expect({ path, status: res.status }).toEqual({ path, status });
  // Scoped-style attributes and icons are noise for these assertions.
  return (await res.text()).replace(/ data-astro-cid-\w+/g, '').replace(/<svg class="icon[\s\S]*?<\/svg>/g, '');
}

beforeAll(async () => {
  // 12:00 in Amsterdam on 18 November 2026: 17 days 12 hours (1,512,000 s) into the month.
  now = Date.parse('2026-11-18T11:00:00Z');
  monthKey = currentMonthKey(now, ZONE);
  const monthStart = parsePeriod(monthKey, ZONE)!.start;
  const path = tempDbPath('reports-pages');
  const db = createDb(path);
  const since = Date.parse('2025-01-01T00:00:00+01:00');
  const web = makeService(db, { slug: 'web', name: 'Webhosting', position: 0, startDate: since });
  makeService(db, { slug: 'staging', name: 'Staging', position: 1, slaCovered: false, startDate: since });
  // March 2025 (743 h: the clocks go forward on the 30th): 3 h of major outage.
  const march = Date.parse('2025-03-12T09:00:00Z');
  makeIncident(db, { title: 'Storage failure', severity: 'critical', startedAt: march, createdAt: march + 5 * MIN, resolvedAt: march + 3 * HOUR, impacts: [{ serviceId: web, impact: 'major_outage', start: march, end: march + 3 * HOUR }] });
  // This month: 30 minutes of major outage that ended 10 minutes ago.
  const start = now - 40 * MIN;
  const end = start + 30 * MIN;
  expect(start).toBeGreaterThan(monthStart);
  makeIncident(db, { title: 'Live outage', severity: 'critical', startedAt: start, createdAt: start, resolvedAt: end, impacts: [{ serviceId: web, impact: 'major_outage', start, end }] });
  db.$client.close();
  server = await startServer({ databasePath: path, env: { BAKEN_NOW: new Date(now).toISOString() } });
});
afterAll(() => server?.stop());

describe('/sla', () => {
  it('renders the policy in Dutch and English from content/sla', async () => {
    const nl = await page('/nl/sla');
    expect(nl).toContain('<html lang="nl">');
    expect(nl).toMatch(/<h1>Service Level Agreement<\/h1>/);
    expect(nl).toContain('<h2 id="uptime-garantie">Uptime-garantie</h2>');
    expect(nl).toContain('ten minste 48 uur van tevoren');
    expect(nl).toContain('8 kantooruren');
    expect(nl).toMatch(/<td>98,0\u00a0% tot 99,0\u00a0%<\/td>\s*<td>25\u00a0%<\/td>/);
    const en = await page('/en/sla');
    expect(en).toContain('<h2 id="service-credits">Service credits</h2>');
    expect(en).toContain('DDoS attacks and security incidents');
    expect(en).toContain('Monday to Friday, 09:00–17:00 CET');
    expect(en).toMatch(/<td>below 98.0%<\/td>\s*<td>50%<\/td>/);
  });

  it('shows this month’s live figures per service, and staging as not covered', async () => {
    const en = await page('/en/sla');
    const live = en.slice(en.indexOf('id="live"'), en.indexOf('</section>', en.indexOf('id="live"')));
    expect(live).toContain('This month so far');
    // 1,800 s of major outage 17.5 days into November. Month to date that would read 99.88 %; the
    // budgets are over the whole month (2,592,000 s): 2,592 − 1,800 = 792 s before 99.9 %,
    // 25,920 − 1,800 = 24,120 s before 99.0 %, 51,840 − 1,800 = 50,040 s before 98.0 %; no credit is
    // certain yet.
    const row = (html: string) => html.slice(html.indexOf('<th scope="row">Webhosting</th>'), html.indexOf('</tr>', html.indexOf('<th scope="row">Webhosting</th>')));
    const web = row(live);
    expect(web).toContain('<td class="num" data-label="Downtime so far">30 min</td>');
    expect(web).toContain('<ul class="budgets"><li>13 min 12 s left before 99.9%</li><li>6 h 42 min left before 99.0%</li><li>13 h 54 min left before 98.0%</li></ul>');
    expect(web).toContain('<span class="muted">None so far</span>');
    expect(web).not.toContain('99.88');
    expect(web).not.toContain('Credit so far');
    const nl = row(await page('/nl/sla'));
    expect(nl).toContain('<li>nog 13 min 12 s tot 99,9\u00a0%</li><li>nog 6 u 42 min tot 99,0\u00a0%</li><li>nog 13 u 54 min tot 98,0\u00a0%</li>');
    expect(nl).toContain('<span class="muted">Nog geen</span>');
    expect(live).toMatch(/<th scope="row">Staging<\/th><td colspan="3" class="muted"[^>]*>Not covered<\/td>/);
    expect(live).toContain('href="/en/reports"');
  });
});

describe('the running month in reports', () => {
  it('the month page says "at most" and "not final yet"; its JSON claims no final credit', async () => {
    const en = await page(`/en/reports/${monthKey}`);
    // 1 − 1,800 / 2,592,000 = 99.9305… % → 99.93 %, the best November can still end at.
    expect(en).toContain('<td class="num" data-label="SLA uptime">at most 99.93%</td>');
    expect(en).toMatch(/<span>not final yet<\/span>/);
    const json = (await (await fetch(`${server.url}/reports/${monthKey}.json`)).json()) as { services: { slug: string; creditPercent: unknown; months: { final: boolean; creditPercent: unknown; monthToDate: { certainCreditPercent: number; tiers: { leftSeconds: number }[] } | null }[] }[] };
    const web = json.services.find((s) => s.slug === 'web')!;
    expect(web.creditPercent).toBeNull();
    expect(web.months[0]).toMatchObject({ final: false, creditPercent: null, monthToDate: { certainCreditPercent: 0 } });
    expect(web.months[0]!.monthToDate!.tiers.map((t) => t.leftSeconds)).toEqual([792, 24_120, 50_040]);
    const csv = await (await fetch(`${server.url}/reports/${monthKey}.csv`)).text();
    const line = csv.split('\r\n').find((l) => l.startsWith('service_month,web,'))!;
    // credit_percent is empty for the running month; month_final says why.
    expect(line.split(',').slice(9, 11)).toEqual(['', 'false']);
  });

  it('a quarter with the running month shows its months, the running one "not final yet"', async () => {
    const nl = await page('/nl/reports/2026-Q4');
    expect(nl).toContain('<span class="sub">Credit: nog niet definitief</span>');
    expect(nl).toContain('hoogstens 99,93\u00a0%');
  });
});

describe('/reports', () => {
  it('links every year, quarter and month since the first service, the running ones marked', async () => {
    const en = await page('/en/reports');
    expect(en).toContain('href="/en/reports/2025"');
    expect(en).toContain('href="/en/reports/2025-Q1"');
    expect(en).toContain('href="/en/reports/2025-01"');
    expect(en).toContain(`href="/en/reports/${monthKey}"`);
    expect(en).toMatch(new RegExp(`href="/en/reports/${monthKey}">[^<]+</a><span class="muted"> \\(in progress\\)</span>`));
    expect(en).not.toContain('href="/en/reports/2024"');
    const nl = await page('/nl/reports');
    expect(nl).toContain('<h1>SLA-rapporten</h1>');
    expect(nl).toContain('>K1 2025</a>');
  });

  it('renders a year: credits per month, the chart with twelve months, the same data in the table', async () => {
    const en = await page('/en/reports/2025');
    expect(en).toMatch(/<h1>Report 2025<\/h1>/);
    expect(en).toContain('1 January 2025 to 31 December 2025 (Europe/Amsterdam)');
    expect(en).toContain('<figcaption id="sla-chart-title" class="chart-title">SLA uptime per month against the 99.9% guarantee, 2025</figcaption>');
    expect(en).toMatch(/<div class="chart" role="img" aria-labelledby="sla-chart-title" aria-describedby="sla-chart-desc"/);
    const chartRows = [...en.matchAll(/<span class="chart-label">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(chartRows).toEqual(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sept', 'Oct', 'Nov', 'Dec']);
    // March: 10,800 s of 2,674,800 s (743 h) → 99.5962… % → 99.59 %, credit 10 %.
    expect(en).toContain('<td class="num" data-label="Mar">99.59%<span class="sub">Credit: 10%</span></td>');
    expect(en).toContain('<td class="num" data-label="Jan">100.00%<span class="sub">Credit: None</span></td>');
    expect(en).toMatch(/<th scope="row">Staging<\/th><td colspan="12" class="muted"[^>]*>Not covered<\/td>/);
    expect(en).toContain('href="/reports/2025.json"');
    expect(en).toContain('href="/reports/2025.csv"');
    // A finished year has no "in progress" note.
    expect(en).not.toContain('This period is not over');
  });

  it('renders a quarter in Dutch', async () => {
    const nl = await page('/nl/reports/2025-Q1');
    expect(nl).toMatch(/<h1>Rapport K1 2025<\/h1>/);
    expect(nl).toContain('1 januari 2025 tot en met 31 maart 2025 (Europe/Amsterdam)');
    expect(nl).toContain('Responsdoelen gehaald');
    expect(nl).toContain('99,59\u00a0%');
  });

  it('answers invalid and future periods with the 404 page', async () => {
    const next = String(Number(monthKey.slice(0, 4)) + 1);
    for (const p of [`/en/reports/${next}`, '/en/reports/2026-13', '/en/reports/2026-q4', '/en/reports/latest', '/nl/reports/1969']) {
      const html = await page(p, 404);
      expect(html).toContain(p.startsWith('/nl') ? 'Pagina niet gevonden' : 'Page not found');
    }
  });
});
