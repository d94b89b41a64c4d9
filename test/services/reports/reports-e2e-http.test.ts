// A whole month imported through the admin API with backfilled `at` times, against the real built
// server over real HTTP; then /reports/2026-10.json, the page and the CSV are checked against
// figures computed by hand from the rules (DESIGN.md "SLA uptime", "Response and resolution",
// "Post-incident reports"; issue 5). Every expected number below has its arithmetic next to it.
//
// October 2026 in Europe/Amsterdam: 2026-10-01T00:00+02:00 (= 2026-09-30T22:00Z) up to
// 2026-11-01T00:00+01:00 (= 2026-10-31T23:00Z). The clocks go back on 2026-10-25 (03:00 CEST →
// 02:00 CET, at 01:00Z), so the month has 31 × 24 + 1 = 745 h = 2,682,000 s.
//
// The world (all times UTC unless marked):
//   services  web (Webhosting), mail (Mail): covered, started 2026-09-01.
//             staging (Staging): not covered (slaCovered false), started 2026-09-01.
//             dns (DNS): covered, created mid-month, startDate 2026-10-16T00:00+02:00 = 2026-10-15T22:00Z,
//             so it is observed for 2026-10-31T23:00Z − 2026-10-15T22:00Z = 16 d 1 h = 385 h = 1,386,000 s.
//   I1 critical  web + staging major_outage   started 10-06 10:00, posted 10:10, monitoring 10:50, resolved 11:00
//                (exactly 60 min of major outage); report published 10-07 09:00 (due 10-08 11:00) → on time.
//   I2 medium    mail partial_outage           started 10-13 08:00, posted 08:40, resolved 09:00 (60 min partial);
//                report published 10-15 12:00 (due 10-15 09:00) → late.
//   I3 high      web degraded_performance      started 10-20 06:00, posted 07:30, monitoring 15:00, resolved 16:00;
//                no report (due 10-22 16:00) → overdue.
//   I4 low       mail degraded_performance     started Friday 10-09 16:30 CEST (14:30Z), posted Monday 10-12
//                09:15 CEST (07:15Z), resolved 10-12 12:00 CEST (10:00Z); no report (due 10-14 10:00Z) → overdue.
//   I5 critical  web major_outage, slaExclusion ddos: started 10-22 20:00, posted 20:05, resolved 22:00;
//                report published 10-23 10:00 (due 10-24 22:00) → on time.
//   I6 high      dns partial_outage            started 10-27 08:00, posted 08:30, monitoring 14:00, resolved
//                10-28 04:00 (20 h partial); report published 10-29 10:00 (due 10-30 04:00) → on time.
//   M1 web   announced 10-22 00:30, scheduled 10-25 00:30–02:30 (exactly 72 h notice, across the DST night),
//            in progress 00:30, completed 03:00 → 30 min overrun.
//   M2 mail  announced 10-27 21:00, scheduled 10-28 21:00–22:00 (24 h notice: short), in progress 21:00,
//            completed 21:25 → 25 min in progress.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { startServer, tempDbPath, type RunningServer } from '../../support/server.ts';

const TOKEN = 'e2e-reports-admin-token-0123456789abcdef';
let server: RunningServer;
let report: any;

const MONTH_SECONDS = 745 * 3600; // 2,682,000
const DNS_OBSERVED = 385 * 3600; // 1,386,000

async function admin(method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${server.url}/api/admin${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function incident(o: {
  title: string;
  severity: string;
  services: { service: string; impact: string }[];
  startedAt: string;
  at: string;
  slaExclusion?: { cause: string; reason: string };
  steps: { status: string; at: string }[];
  report?: string;
}): Promise<number> {
  const created = await admin('POST', '/incidents', {
    title: o.title,
    severity: o.severity,
    message: `${o.title}: investigating.`,
    services: o.services,
    startedAt: o.startedAt,
    notify: false,
    at: o.at,
    ...(o.slaExclusion ? { slaExclusion: o.slaExclusion } : {}),
  });
  for (const s of o.steps) await admin('POST', `/incidents/${created.id}/updates`, { status: s.status, message: `Now ${s.status}.`, notify: false, at: s.at });
  if (o.report) {
    await admin('PUT', `/incidents/${created.id}/report`, { body: `What happened to ${o.title}.`, at: o.report });
    await admin('POST', `/incidents/${created.id}/report/publish`, { notify: false, at: o.report });
  }
  return created.id;
}

async function maintenance(o: { title: string; service: string; announced: string; start: string; end: string; ran: [string, string] }): Promise<void> {
  const m = await admin('POST', '/maintenances', { title: o.title, message: 'Planned work.', services: [o.service], scheduledStart: o.start, scheduledEnd: o.end, autoTransition: false, notify: false, at: o.announced });
  await admin('POST', `/maintenances/${m.id}/updates`, { status: 'in_progress', message: 'Started.', notify: false, at: o.ran[0] });
  await admin('POST', `/maintenances/${m.id}/updates`, { status: 'completed', message: 'Done.', notify: false, at: o.ran[1] });
}

beforeAll(async () => {
  const path = tempDbPath('reports-e2e');
  createDb(path).$client.close();
  server = await startServer({ databasePath: path, env: { ADMIN_TOKEN: TOKEN } });

  const before = '2026-09-01T00:00:00+02:00';
  await admin('POST', '/services', { name: 'Webhosting', slug: 'web', startDate: before, at: before });
  await admin('POST', '/services', { name: 'Mail', slug: 'mail', startDate: before, at: before });
  await admin('POST', '/services', { name: 'Staging', slug: 'staging', slaCovered: false, startDate: before, at: before });
  await admin('POST', '/services', { name: 'DNS', slug: 'dns', startDate: '2026-10-16T00:00:00+02:00', at: '2026-10-16T00:00:00+02:00' });

  await incident({
    title: 'Webhosting down',
    severity: 'critical',
    services: [{ service: 'web', impact: 'major_outage' }, { service: 'staging', impact: 'major_outage' }],
    startedAt: '2026-10-06T10:00:00Z',
    at: '2026-10-06T10:10:00Z',
    steps: [{ status: 'identified', at: '2026-10-06T10:30:00Z' }, { status: 'monitoring', at: '2026-10-06T10:50:00Z' }, { status: 'resolved', at: '2026-10-06T11:00:00Z' }],
    report: '2026-10-07T09:00:00Z',
  });
  await incident({
    title: 'Mail delayed',
    severity: 'medium',
    services: [{ service: 'mail', impact: 'partial_outage' }],
    startedAt: '2026-10-13T08:00:00Z',
    at: '2026-10-13T08:40:00Z',
    steps: [{ status: 'resolved', at: '2026-10-13T09:00:00Z' }],
    report: '2026-10-15T12:00:00Z',
  });
  await incident({
    title: 'Control panel slow',
    severity: 'high',
    services: [{ service: 'web', impact: 'degraded_performance' }],
    startedAt: '2026-10-20T06:00:00Z',
    at: '2026-10-20T07:30:00Z',
    steps: [{ status: 'monitoring', at: '2026-10-20T15:00:00Z' }, { status: 'resolved', at: '2026-10-20T16:00:00Z' }],
  });
  await incident({
    title: 'Spam filter question',
    severity: 'low',
    services: [{ service: 'mail', impact: 'degraded_performance' }],
    startedAt: '2026-10-09T16:30:00+02:00',
    at: '2026-10-12T09:15:00+02:00',
    steps: [{ status: 'resolved', at: '2026-10-12T12:00:00+02:00' }],
  });
  await incident({
    title: 'DDoS attack',
    severity: 'critical',
    services: [{ service: 'web', impact: 'major_outage' }],
    startedAt: '2026-10-22T20:00:00Z',
    at: '2026-10-22T20:05:00Z',
    slaExclusion: { cause: 'ddos', reason: 'Volumetric attack on the load balancers.' },
    steps: [{ status: 'resolved', at: '2026-10-22T22:00:00Z' }],
    report: '2026-10-23T10:00:00Z',
  });
  await incident({
    title: 'DNS resolution failures',
    severity: 'high',
    services: [{ service: 'dns', impact: 'partial_outage' }],
    startedAt: '2026-10-27T08:00:00Z',
    at: '2026-10-27T08:30:00Z',
    steps: [{ status: 'monitoring', at: '2026-10-27T14:00:00Z' }, { status: 'resolved', at: '2026-10-28T04:00:00Z' }],
    report: '2026-10-29T10:00:00Z',
  });
  await maintenance({ title: 'Load balancer upgrade', service: 'web', announced: '2026-10-22T00:30:00Z', start: '2026-10-25T00:30:00Z', end: '2026-10-25T02:30:00Z', ran: ['2026-10-25T00:30:00Z', '2026-10-25T03:00:00Z'] });
  await maintenance({ title: 'Mail store failover', service: 'mail', announced: '2026-10-27T21:00:00Z', start: '2026-10-28T21:00:00Z', end: '2026-10-28T22:00:00Z', ran: ['2026-10-28T21:00:00Z', '2026-10-28T21:25:00Z'] });

  const res = await fetch(`${server.url}/reports/2026-10.json`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  report = await res.json();
});
afterAll(() => server?.stop());

const service = (slug: string) => report.services.find((s: any) => s.slug === slug);
const incidentNamed = (title: string) => report.incidents.find((i: any) => i.title === title);

describe('the October 2026 report after a backfilled month', () => {
  it('names the period in Europe/Amsterdam: 745 hours', () => {
    expect(report.period).toMatchObject({ kind: 'month', key: '2026-10', timeZone: 'Europe/Amsterdam' });
    expect(Date.parse(report.period.start)).toBe(Date.parse('2026-09-30T22:00:00Z'));
    expect(Date.parse(report.period.end)).toBe(Date.parse('2026-10-31T23:00:00Z'));
    expect((Date.parse(report.period.end) - Date.parse(report.period.start)) / 1000).toBe(MONTH_SECONDS);
  });

  it('computes Webhosting: 60 min outage and a 30 min maintenance overrun count; DDoS and the announced window do not', () => {
    const web = service('web');
    // Public uptime (weights only): I1 3,600 s major + I5 7,200 s major = 10,800 s; I3 degraded 0;
    // M1 under maintenance 0 (also during its overrun: the public status is under_maintenance).
    expect(web.downtimeSeconds).toBe(10_800);
    expect(web.uptimePercent).toBeCloseTo((1 - 10_800 / MONTH_SECONDS) * 100, 9); // 99.5973154362…
    // SLA: I1 3,600 s + M1 overrun 02:30–03:00 = 1,800 s at weight 1 = 5,400 s. I5 is excluded (ddos);
    // M1's announced window (72 h ≥ 48 h notice) counts as available.
    expect(web.slaDowntimeSeconds).toBe(5_400);
    expect(web.slaUptimePercent).toBeCloseTo((1 - 5_400 / MONTH_SECONDS) * 100, 9); // 99.7986577181…
    // 99.0 ≤ 99.7987 < 99.9 → 10 %.
    expect(web.creditPercent).toBe(10);
    expect(web.months).toEqual([expect.objectContaining({ key: '2026-10', slaUptimePercent: web.slaUptimePercent, slaDowntimeSeconds: 5_400, creditPercent: 10, backfilled: true })]);
    // I1 and I5 critical, I3 high.
    expect(web.incidents).toEqual({ critical: 2, high: 1, medium: 0, low: 0 });
    expect(web.slaCovered).toBe(true);
  });

  it('computes Mail: a partial hour at 0.3 plus a short-notice window at weight 1 stays just above 99.9 %', () => {
    const mail = service('mail');
    // I2: 3,600 s partial × 0.3 = 1,080 s; I4 degraded 0; M2 not counted in public uptime.
    expect(mail.downtimeSeconds).toBe(1_080);
    expect(mail.uptimePercent).toBeCloseTo((1 - 1_080 / MONTH_SECONDS) * 100, 9); // 99.9597315436…
    // SLA: 1,080 s + M2 (24 h < 48 h notice) in progress 21:00–21:25 = 1,500 s at weight 1 → 2,580 s.
    expect(mail.slaDowntimeSeconds).toBe(2_580);
    expect(mail.slaUptimePercent).toBeCloseTo((1 - 2_580 / MONTH_SECONDS) * 100, 9); // 99.9038031319…
    // 99.9038 ≥ 99.9 → no credit.
    expect(mail.creditPercent).toBe(0);
    expect(mail.incidents).toEqual({ critical: 0, high: 0, medium: 1, low: 1 });
  });

  it('computes DNS, created mid-month, over its observed time only', () => {
    const dns = service('dns');
    // I6: 20 h partial = 72,000 s × 0.3 = 21,600 s, over 1,386,000 observed seconds.
    expect(dns.downtimeSeconds).toBe(21_600);
    expect(dns.slaDowntimeSeconds).toBe(21_600);
    expect(dns.uptimePercent).toBeCloseTo((1 - 21_600 / DNS_OBSERVED) * 100, 9); // 98.4415584415…
    expect(dns.slaUptimePercent).toBeCloseTo((1 - 21_600 / DNS_OBSERVED) * 100, 9);
    // 98.0 ≤ 98.4416 < 99.0 → 25 %.
    expect(dns.creditPercent).toBe(25);
    expect(dns.incidents).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
  });

  it('gives Staging an uptime but no SLA figure (not covered)', () => {
    const staging = service('staging');
    // I1: 3,600 s major.
    expect(staging.downtimeSeconds).toBe(3_600);
    expect(staging.uptimePercent).toBeCloseTo((1 - 3_600 / MONTH_SECONDS) * 100, 9); // 99.8657718120…
    expect(staging).toMatchObject({ slaCovered: false, slaUptimePercent: null, slaDowntimeSeconds: null, creditPercent: null });
    expect(staging.months).toEqual([expect.objectContaining({ key: '2026-10', slaUptimePercent: null, creditPercent: null })]);
    expect(staging.incidents).toEqual({ critical: 1, high: 0, medium: 0, low: 0 });
  });

  it('computes response and resolution per incident, business hours for the low response only', () => {
    const rows = Object.fromEntries(
      report.incidents.map((i: any) => [i.title, [i.severity, i.responseSeconds, i.responseTargetSeconds, i.responseMet, i.resolutionSeconds, i.resolutionTargetSeconds, i.resolutionMet, i.reportState]]),
    );
    expect(rows).toEqual({
      // 10:10 − 10:00 = 600 s ≤ 900; monitoring 10:50 − 10:00 = 3,000 s ≤ 4 h = 14,400.
      'Webhosting down': ['critical', 600, 900, true, 3_000, 14_400, true, 'published_on_time'],
      // 08:40 − 08:00 = 2,400 s ≤ 4 h = 14,400; resolved 09:00 → 3,600 s ≤ 24 h = 86,400; report 10-15 12:00 > due 10-15 09:00.
      'Mail delayed': ['medium', 2_400, 14_400, true, 3_600, 86_400, true, 'published_late'],
      // 07:30 − 06:00 = 5,400 s > 1 h = 3,600; monitoring 15:00 − 06:00 = 32,400 s > 8 h = 28,800; no report, due 10-22 16:00 → overdue.
      'Control panel slow': ['high', 5_400, 3_600, false, 32_400, 28_800, false, 'overdue'],
      // Business time: Fri 16:30–17:00 (1,800 s) + Mon 09:00–09:15 (900 s) = 2,700 s ≤ 8 business h = 28,800.
      // Resolution is wall-clock: Fri 14:30Z → Mon 10:00Z = 2 d 19 h 30 min = 243,000 s ≤ 72 h = 259,200.
      'Spam filter question': ['low', 2_700, 28_800, true, 243_000, 259_200, true, 'overdue'],
      // 20:05 − 20:00 = 300 s ≤ 900; resolved 22:00 → 7,200 s ≤ 14,400; report 10-23 10:00 ≤ due 10-24 22:00.
      'DDoS attack': ['critical', 300, 900, true, 7_200, 14_400, true, 'published_on_time'],
      // 08:30 − 08:00 = 1,800 s ≤ 3,600; monitoring 14:00 − 08:00 = 21,600 s ≤ 28,800; report 10-29 10:00 ≤ due 10-30 04:00.
      'DNS resolution failures': ['high', 1_800, 3_600, true, 21_600, 28_800, true, 'published_on_time'],
    });
    expect(report.incidents).toHaveLength(6);
    expect(incidentNamed('Webhosting down').startedAt).toBe('2026-10-06T10:00:00.000Z');
  });

  it('flags every imported incident as backfilled', () => {
    expect(report.incidents.map((i: any) => i.backfilled)).toEqual([true, true, true, true, true, true]);
  });
});

describe('the page and the CSV of the same report', () => {
  it('marks the imported incidents on /en/reports/2026-10 and explains the mark', async () => {
    const res = await fetch(`${server.url}/en/reports/2026-10`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/<h1[^>]*>Report October 2026<\/h1>/);
    // One mark per incident row, and the legend explaining it.
    const incidents = html.slice(html.indexOf('id="report-incidents"'), html.indexOf('</section>', html.indexOf('id="report-incidents"')));
    expect(incidents.match(/<tr>/g)).toHaveLength(7); // header + 6 incidents
    expect(incidents.match(/class="tag imported"/g)).toHaveLength(6);
    expect(html).toMatch(/<p class="legend-note"[^>]*><span class="tag imported"[^>]*>Imported<\/span> Imported: recorded after the fact/);
    expect(html).toContain('href="/reports/2026-10.json"');
    expect(html).toContain('href="/reports/2026-10.csv"');
    // Truncated two-decimal figures: 99.7986… → 99.79 %, 99.9038… → 99.90 %, 98.4415… → 98.44 %.
    expect(html).toContain('99.79%');
    expect(html).toContain('99.90%');
    expect(html).toContain('98.44%');
    expect(html).toMatch(/<div class="chart" role="img"/);
    // Response 5/6 met, resolution 5/6, reports on time 3/6 (I1, I5, I6).
    expect(html).toContain('5 of 6');
    expect(html).toContain('3 of 6');
  });

  it('serves the CSV as an attachment with the backfilled column set on every incident row', async () => {
    const res = await fetch(`${server.url}/reports/2026-10.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="baken-report-2026-10.csv"');
    // No field of this world needs quoting, so a plain split is a faithful parse here.
    const [header, ...rows] = (await res.text()).trimEnd().split('\r\n').map((l) => l.split(','));
    const col = (row: string[], name: string) => row[header!.indexOf(name)];
    const incidentRows = rows.filter((r) => col(r, 'record') === 'incident');
    expect(incidentRows.map((r) => [col(r, 'title'), col(r, 'backfilled')])).toEqual([
      ['Webhosting down', 'true'],
      ['Spam filter question', 'true'],
      ['Mail delayed', 'true'],
      ['Control panel slow', 'true'],
      ['DDoS attack', 'true'],
      ['DNS resolution failures', 'true'],
    ]);
    // Service months: every service was touched by imported records, so each row is marked too.
    expect(rows.filter((r) => col(r, 'record') === 'service_month').map((r) => [col(r, 'service'), col(r, 'credit_percent'), col(r, 'backfilled')])).toEqual([
      ['web', '10', 'true'],
      ['mail', '0', 'true'],
      ['staging', '', 'true'],
      ['dns', '25', 'true'],
    ]);
  });

  it('shows the targets and the report state on the incident page', async () => {
    const low = report.incidents.find((i: any) => i.title === 'Spam filter question');
    const res = await fetch(`${server.url}/en/incidents/${low.id}`);
    expect(res.status).toBe(200);
    const html = (await res.text()).replace(/<svg[\s\S]*?<\/svg>/g, '').replace(/ data-astro-cid-\w+/g, '');
    const targets = html.slice(html.indexOf('id="targets"'), html.indexOf('</section>', html.indexOf('id="targets"')));
    // Response: 45 business minutes of 8 business hours, met; resolution 67 h 30 min of 72 h, met.
    expect(targets).toMatch(/Response<\/th><td data-label="Target">8 h \(business hours\)<\/td><td data-label="Actual">45 min \(business hours\)<\/td><td data-label="[^"]+"><span class="badge status-ok"><span>Met<\/span>/);
    expect(targets).toMatch(/Resolution<\/th><td data-label="Target">72 h<\/td><td data-label="Actual">67 h 30 min<\/td><td data-label="[^"]+"><span class="badge status-ok"><span>Met<\/span>/);
    // Resolved Mon 12:00 CEST; the report was due 48 h later and never published.
    expect(targets).toContain('<span>Overdue</span>');
    expect(targets).toContain('<time datetime="2026-10-14T10:00:00.000Z">14 October 2026 at 12:00 CEST</time>');
  });
});
