// Formatting shared by the SLA page and the report pages: period names, uptime and credit texts,
// shares of targets met. Uptime goes through formatUptime (two decimals, truncated, never 100.00
// after downtime), so a report can never show a better figure than the status page.
import { dateInZone } from '../../domain/calendar.ts';
import type { PeriodKind } from '../../domain/periods.ts';
import { formatUptime } from '../../domain/uptime.ts';
import type { Formatter } from '../../i18n/format.ts';
import type { ReportsDictionary } from '../../i18n/reports.ts';

/** "October 2026", "Q4 2026" / "K4 2026", "2026". */
export function periodLabel(r: ReportsDictionary, fmt: Formatter, kind: PeriodKind, key: string): string {
  if (kind === 'month') return fmt.month(key);
  if (kind === 'quarter') return r.report.quarterLabel(Number(key.slice(6)), Number(key.slice(0, 4)));
  return key;
}

/** The kind of a period key, by its shape (keys come from the engine, already valid). */
export function periodKindOf(key: string): PeriodKind {
  return key.length === 4 ? 'year' : key.includes('Q') ? 'quarter' : 'month';
}

/** First and last calendar day of [start, end) in the zone, as display dates. */
export function periodRange(fmt: Formatter, start: string, end: string, timeZone: string): { from: string; to: string } {
  return { from: fmt.day(dateInZone(Date.parse(start), timeZone)), to: fmt.day(dateInZone(Date.parse(end) - 1, timeZone)) };
}

/** "99,79%" — or null when there is no figure. */
export function uptimeText(fmt: Formatter, percent: number | null, downtimeSeconds: number | null): string | null {
  const text = formatUptime(percent, downtimeSeconds ?? 0);
  return text === null ? null : fmt.percent(text);
}

/** A share as a percentage with one decimal, truncated (5 of 6 → 83.3 %, never 83.4). */
export function shareText(fmt: Formatter, part: number, whole: number): string {
  const tenths = Math.floor((part * 1000) / whole + 1e-9);
  const text = tenths % 10 === 0 ? String(tenths / 10) : (tenths / 10).toFixed(1);
  return fmt.percent(text);
}

/** A duration in the target's clock: "45 min (business hours)" for business-hour targets. */
export function targetDuration(r: ReportsDictionary, seconds: number, businessHours: boolean): string {
  const text = r.duration(seconds);
  return businessHours ? r.businessDuration(text) : text;
}

/** "Oct" / "okt": a month key in the period's chart and month table (already a zone-local month). */
export function shortMonth(intlLocale: string, key: string): string {
  const [y, m] = key.split('-').map(Number);
  return new Intl.DateTimeFormat(intlLocale, { timeZone: 'UTC', month: 'short' }).format(Date.UTC(y!, m! - 1, 15));
}
