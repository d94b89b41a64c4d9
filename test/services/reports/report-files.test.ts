// /reports/<period>.json and .csv in-process, on a small world with a fixed clock
// (2026-11-24 12:00 UTC, Europe/Amsterdam): the JSON is exactly buildReport's object, the CSV parses
// as RFC 4180 (quotes, commas and line breaks inside fields) with one row per service-month and per
// incident, and anything that is not a period that has begun is a JSON 404.
import { describe, expect, it } from 'vitest';
import { createDb } from '../../../db/client.ts';
import { createApi } from '../../../src/api/app.ts';
import { loadConfig } from '../../../src/config.ts';
import { createContext } from '../../../src/services/kernel/context.ts';
import { buildReport } from '../../../src/services/reports/reports.ts';
import { HOUR, makeIncident, makeMaintenance, makeService } from '../../support/factories.ts';

const NOW = Date.parse('2026-11-24T12:00:00Z');
const MIN = 60_000;

function world() {
  const db = createDb(':memory:');
  const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => NOW });
  const app = createApi(ctx);
  const web = makeService(db, { slug: 'web', name: 'Webhosting', startDate: Date.parse('2026-08-01T00:00:00Z') });
  const staging = makeService(db, { slug: 'staging', name: 'Staging, "beta"', slaCovered: false, startDate: Date.parse('2026-08-01T00:00:00Z') });
  const t0 = Date.parse('2026-10-06T10:00:00Z');
  makeIncident(db, {
    title: 'Webmail down, "again"\nsecond line',
    severity: 'critical',
    startedAt: t0,
    createdAt: t0 + 10 * MIN,
    monitoringAt: t0 + 50 * MIN,
    resolvedAt: t0 + HOUR,
    impacts: [
      { serviceId: web, impact: 'major_outage', start: t0, end: t0 + HOUR },
      { serviceId: staging, impact: 'major_outage', start: t0, end: t0 + HOUR },
    ],
    updates: [
      { status: 'investigating', body: 'Looking.', at: t0 + 10 * MIN },
      { status: 'monitoring', body: 'Fixed, watching.', at: t0 + 50 * MIN },
      { status: 'resolved', body: 'Resolved.', at: t0 + HOUR },
    ],
    report: { body: 'What happened.', publishedAt: t0 + 20 * HOUR },
  });
  const t1 = Date.parse('2026-11-02T09:00:00Z');
  makeIncident(db, { title: 'Slow panel', severity: 'medium', startedAt: t1, resolvedAt: t1 + 2 * HOUR, impacts: [{ serviceId: web, impact: 'partial_outage', start: t1, end: t1 + 2 * HOUR }] });
  makeMaintenance(db, { serviceIds: [web], scheduledStart: Date.parse('2026-10-20T22:00:00Z'), scheduledEnd: Date.parse('2026-10-20T23:00:00Z'), announcedAt: Date.parse('2026-10-10T12:00:00Z'), status: 'completed', actualStart: Date.parse('2026-10-20T22:00:00Z'), actualEnd: Date.parse('2026-10-20T23:00:00Z') });
  return { db, ctx, app };
}

/** RFC 4180: fields separated by commas, records by CRLF; quoted fields may hold commas, CRLF and "" for a quote. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') row.push(field), (field = '');
    else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      (row = []), (field = ''), i++;
    } else field += ch;
  }
  expect(field).toBe(''); // the file ends with CRLF
  expect(row).toEqual([]);
  return rows;
}

describe('/reports/<period>.json', () => {
  it('is exactly the report object of buildReport, for a month, a quarter and a year', async () => {
    const { ctx, app } = world();
    for (const key of ['2026-10', '2026-Q4', '2026']) {
      const res = await app.request(`/reports/${key}.json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = await res.json();
      expect(body).toEqual(JSON.parse(JSON.stringify(buildReport(ctx, key))));
      expect(body.period).toMatchObject({ kind: key.length === 4 ? 'year' : key.includes('Q') ? 'quarter' : 'month', key, timeZone: 'Europe/Amsterdam' });
    }
  });

  it('carries the issue’s names and the October figures', async () => {
    const { app } = world();
    const body = await (await app.request('/reports/2026-10.json')).json();
    const web = body.services.find((s: any) => s.slug === 'web');
    // 3,600 s of major outage over 745 h (October has the extra DST hour) = 2,682,000 s.
    expect(web).toMatchObject({ slaCovered: true, downtimeSeconds: 3600, slaDowntimeSeconds: 3600, creditPercent: 10, incidents: { critical: 1, high: 0, medium: 0, low: 0 } });
    expect(web.slaUptimePercent).toBeCloseTo((1 - 3600 / 2_682_000) * 100, 10);
    expect(web.months).toEqual([expect.objectContaining({ key: '2026-10', slaUptimePercent: web.slaUptimePercent, creditPercent: 10 })]);
    expect(body.services.find((s: any) => s.slug === 'staging')).toMatchObject({ slaCovered: false, slaUptimePercent: null, slaDowntimeSeconds: null, creditPercent: null });
    expect(body.incidents).toEqual([
      expect.objectContaining({ severity: 'critical', startedAt: '2026-10-06T10:00:00.000Z', responseSeconds: 600, responseTargetSeconds: 900, responseMet: true, resolutionSeconds: 3000, resolutionTargetSeconds: 14_400, resolutionMet: true, reportState: 'published_on_time', backfilled: false }),
    ]);
  });

  it('answers the locale-prefixed path with the same report', async () => {
    const { app } = world();
    const plain = await (await app.request('/reports/2026-Q4.json')).json();
    const res = await app.request('/en/reports/2026-Q4.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(plain);
  });

  it('answers an invalid or future period with the JSON 404', async () => {
    const { app } = world();
    for (const key of ['2026-13', '2026-00', '2026-q4', '2026-Q5', '26-10', '2026-10-01', '1969', '2027', '2026-12', 'latest', '2026.10']) {
      for (const ext of ['json', 'csv']) {
        const res = await app.request(`/reports/${key}.${ext}`);
        expect({ key, ext, status: res.status }).toEqual({ key, ext, status: 404 });
        expect(res.headers.get('content-type')).toMatch(/^application\/json/);
        expect(await res.json()).toEqual({ error: { code: 'not_found', message: expect.stringContaining(key) } });
      }
    }
  });

  it('serves the running month, quarter and year (figures up to now)', async () => {
    const { app } = world();
    for (const key of ['2026-11', '2026-Q4', '2026']) {
      const body = await (await app.request(`/reports/${key}.json`)).json();
      expect(body.period.complete).toBe(false);
    }
  });
});

describe('/reports/<period>.csv', () => {
  it('is an attachment named after the period', async () => {
    const { app } = world();
    const res = await app.request('/reports/2026-Q4.csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="baken-report-2026-Q4.csv"');
  });

  it('parses as RFC 4180 with one row per service and month and one per incident', async () => {
    const { app } = world();
    const rows = parseCsv(await (await app.request('/reports/2026-Q4.csv')).text());
    const [header, ...records] = rows;
    expect(header).toContain('backfilled');
    expect(records.every((r) => r.length === header!.length)).toBe(true);
    const col = (r: string[], name: string) => r[header!.indexOf(name)];
    // 2 services × 3 months, then 2 incidents.
    expect(records.map((r) => [col(r, 'record'), col(r, 'service'), col(r, 'month') || col(r, 'incident_id')])).toEqual([
      ['service_month', 'web', '2026-10'],
      ['service_month', 'web', '2026-11'],
      ['service_month', 'web', '2026-12'],
      ['service_month', 'staging', '2026-10'],
      ['service_month', 'staging', '2026-11'],
      ['service_month', 'staging', '2026-12'],
      ['incident', 'web staging', '1'],
      ['incident', 'web', '2'],
    ]);
    // Quotes, commas and a line break survive the round trip.
    expect(col(records[6]!, 'title')).toBe('Webmail down, "again"\nsecond line');
    expect(col(records[3]!, 'service_name')).toBe('Staging, "beta"');
    expect(col(records[3]!, 'sla_covered')).toBe('false');
    expect(col(records[3]!, 'sla_uptime_percent')).toBe('');
    // October: credit 10 % (99.8657… %); December has not begun: no figures.
    expect(col(records[0]!, 'credit_percent')).toBe('10');
    expect(Number(col(records[0]!, 'sla_uptime_percent'))).toBeCloseTo((1 - 3600 / 2_682_000) * 100, 10);
    expect(col(records[2]!, 'sla_uptime_percent')).toBe('');
    expect(records.map((r) => col(r, 'backfilled'))).toEqual(['false', 'false', 'false', 'false', 'false', 'false', 'false', 'false']);
  });
});
