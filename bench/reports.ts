// Report cost must be linear in the period (issue 5 "Performance"): on one database of 50 services
// with 5,000 incidents and 500 maintenance windows spread over 2025, the year report should cost at
// most about twelve month reports. Prints year ÷ month (median of several runs after a warm-up,
// in-process buildReport on a temporary file database); a ratio, never bare times as the result.
// Run alone: node --import tsx bench/reports.ts (also part of `npm run bench`).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createDb } from '../db/client.ts';
import { incidentImpacts, incidentReports, incidentUpdates, incidents, maintenanceServices, maintenanceUpdates, maintenances, services } from '../db/schema.ts';
import { IMPACTS, SEVERITIES } from '../src/domain/vocabulary.ts';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/services/kernel/context.ts';
import { buildReport } from '../src/services/reports/reports.ts';
import { median } from './stats.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEAR_START = Date.parse('2025-01-01T00:00:00+01:00');
const YEAR_MS = 365 * DAY;

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

/** 50 services, 5,000 incidents (with updates, impacts and some reports), 500 maintenance windows, all in 2025. */
export function buildReportsWorld(path: string, o = { services: 50, incidents: 5_000, maintenances: 500 }): void {
  const db = createDb(path);
  const rnd = lcg(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  db.transaction((tx) => {
    const serviceIds = Array.from({ length: o.services }, (_, i) =>
      tx
        .insert(services)
        .values({ slug: `service-${i + 1}`, name: `Service ${i + 1}`, position: i, slaCovered: i % 10 !== 9, startDate: YEAR_START - 400 * DAY, createdAt: 0, updatedAt: 0 })
        .returning({ id: services.id })
        .get().id,
    );
    for (let i = 0; i < o.incidents; i++) {
      const startedAt = YEAR_START + Math.floor(rnd() * (YEAR_MS - 8 * DAY));
      const createdAt = startedAt + Math.floor(rnd() * 2 * HOUR);
      const monitoringAt = createdAt + Math.floor(rnd() * 6 * HOUR);
      const resolvedAt = monitoringAt + Math.floor(rnd() * 3 * HOUR);
      const id = tx
        .insert(incidents)
        .values({
          title: `Bench incident ${i + 1}`,
          severity: pick(SEVERITIES),
          status: 'resolved',
          startedAt,
          createdAt,
          updatedAt: resolvedAt,
          monitoringAt,
          resolvedAt,
          slaExclusionCause: i % 25 === 0 ? 'ddos' : null,
          slaExclusionReason: i % 25 === 0 ? 'Attack' : null,
          backfilled: i % 7 === 0,
        })
        .returning({ id: incidents.id })
        .get().id;
      for (const [status, at] of [['investigating', createdAt], ['monitoring', monitoringAt], ['resolved', resolvedAt]] as const) tx.insert(incidentUpdates).values({ incidentId: id, status, body: `${status}.`, createdAt: at }).run();
      const affected = new Set([pick(serviceIds), ...(rnd() < 0.3 ? [pick(serviceIds)] : [])]);
      for (const serviceId of affected) tx.insert(incidentImpacts).values({ incidentId: id, serviceId, impact: pick(IMPACTS), startAt: startedAt, endAt: resolvedAt }).run();
      if (rnd() < 0.6) tx.insert(incidentReports).values({ incidentId: id, body: 'Report.', createdAt: resolvedAt, updatedAt: resolvedAt, publishedAt: resolvedAt + Math.floor(rnd() * 72 * HOUR) }).run();
    }
    for (let i = 0; i < o.maintenances; i++) {
      const scheduledStart = YEAR_START + 4 * DAY + Math.floor(rnd() * (YEAR_MS - 12 * DAY));
      const scheduledEnd = scheduledStart + (1 + Math.floor(rnd() * 4)) * HOUR;
      const announcedAt = scheduledStart - Math.floor(rnd() * 96 * HOUR);
      const actualEnd = scheduledEnd + (rnd() < 0.2 ? Math.floor(rnd() * HOUR) : 0);
      const id = tx
        .insert(maintenances)
        .values({ title: `Bench window ${i + 1}`, scheduledStart, scheduledEnd, announcedAt, status: 'completed', actualStart: scheduledStart, actualEnd, autoTransition: false, createdAt: announcedAt, updatedAt: actualEnd })
        .returning({ id: maintenances.id })
        .get().id;
      for (const serviceId of new Set([pick(serviceIds), pick(serviceIds)])) tx.insert(maintenanceServices).values({ maintenanceId: id, serviceId }).run();
      for (const [status, at] of [['scheduled', announcedAt], ['in_progress', scheduledStart], ['completed', actualEnd]] as const) tx.insert(maintenanceUpdates).values({ maintenanceId: id, status, body: '', createdAt: at }).run();
    }
  });
  db.$client.close();
}

export async function runReportsBench(): Promise<{ ratio: number }> {
  const path = join(mkdtempSync(join(tmpdir(), 'baken-bench-reports-')), 'reports.db');
  buildReportsWorld(path);
  const db = createDb(path);
  // A fixed clock after the year: every period is complete, so month and year do the same kind of work.
  const ctx = createContext({ db, config: loadConfig({ BAKEN_DEMO: '0' }), clock: () => Date.parse('2026-03-01T12:00:00Z') });
  const time = (key: string, runs: number): number => {
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const report = buildReport(ctx, key);
      times.push(performance.now() - t0);
      if (!report) throw new Error(`no report for ${key}`);
    }
    return median(times);
  };
  // Warm-up: JIT and SQLite page cache.
  time('2025-06', 5);
  time('2025', 3);
  const month = time('2025-06', 21);
  const year = time('2025', 11);
  const ratio = year / month;
  const incidentsInMonth = buildReport(ctx, '2025-06')!.incidents.length;
  const incidentsInYear = buildReport(ctx, '2025')!.incidents.length;
  db.$client.close();
  console.log('Reports — 50 services, 5,000 incidents, 500 maintenance windows in 2025 (in-process buildReport)');
  console.log(`  incidents in the month / year report: ${incidentsInMonth} / ${incidentsInYear} (${(incidentsInYear / incidentsInMonth).toFixed(1)}×)`);
  console.log(`  year report ÷ month report (median of 11 ÷ 21 runs): ${ratio.toFixed(2)} (target ≤ 12)`);
  return { ratio };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await runReportsBench();
