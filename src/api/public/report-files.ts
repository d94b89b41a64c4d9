// SLA reports as files: /reports/<period>.json (exactly the report object of buildReport) and
// /reports/<period>.csv (an attachment), for `2026-10`, `2026-Q4` and `2026`; the locale-prefixed
// forms (/en/reports/2026-10.json) answer the same, so the report page can link either way. An
// invalid or future period is a JSON 404 in the API's error shape. Paths with an extension are never
// locale-redirected, and the response cache keeps each answer until the next write (and re-renders
// it in the background after max-age, so a running period's figures move on).
import { Hono, type Context } from 'hono';
import { LOCALES } from '../../config.ts';
import { ApiError } from '../../lib/http-error.ts';
import type { AppContext } from '../../services/kernel/context.ts';
import { reportCsv } from '../../services/reports/csv.ts';
import { buildReport } from '../../services/reports/reports.ts';
import type { Report } from '../../services/reports/report-model.ts';

const LOCALE_PARAM = `:locale{${LOCALES.join('|')}}`;
// Hono's regex parameters hold the whole segment; the period inside is checked by buildReport.
const JSON_FILE = ':file{[^/]+\\.json}';
const CSV_FILE = ':file{[^/]+\\.csv}';

export function reportFileRoutes(ctx: AppContext): Hono {
  const app = new Hono();
  const report = (c: Context): Report => {
    const key = (c.req.param('file') ?? '').replace(/\.(json|csv)$/, '');
    const found = buildReport(ctx, key);
    if (!found) throw new ApiError('not_found', `No report for "${key}": give a month (2026-10), quarter (2026-Q4) or year (2026) that has begun.`);
    return found;
  };
  const json = (c: Context) => c.json(report(c), 200, { 'access-control-allow-origin': '*' });
  const csv = (c: Context) => {
    const r = report(c);
    return c.body(reportCsv(r), 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="baken-report-${r.period.key}.csv"`,
      'access-control-allow-origin': '*',
    });
  };
  for (const prefix of ['', `/${LOCALE_PARAM}`]) {
    app.get(`${prefix}/reports/${JSON_FILE}`, json);
    app.get(`${prefix}/reports/${CSV_FILE}`, csv);
  }
  return app;
}
