// Report periods: a calendar month (`2026-10`), quarter (`2026-Q4`) or year (`2026`) in a time zone.
// The SLA measures uptime per calendar month (SLA §02 "maandelijks gemeten"); quarters and years
// are the quarterly reviews and annual summaries of SLA §08, built from their months.
// Boundaries come from Temporal, so a March has 743 h and an October 745 h in Europe/Amsterdam.
import { Temporal } from 'temporal-polyfill';

export type PeriodKind = 'month' | 'quarter' | 'year';

export interface PeriodMonth {
  key: string; // YYYY-MM
  start: number; // UTC ms, first instant of the month in the zone
  end: number; // UTC ms, first instant of the next month (exclusive)
}

export interface Period {
  kind: PeriodKind;
  key: string;
  timeZone: string;
  start: number;
  end: number;
  /** The calendar months the period is made of, oldest first (1, 3 or 12). */
  months: PeriodMonth[];
}

// Years before the Unix epoch cannot hold any record (instants are epoch ms); 9999 keeps keys 4 digits.
const MIN_YEAR = 1970;
const MAX_YEAR = 9999;

const MONTH_KEY = /^(\d{4})-(0[1-9]|1[0-2])$/;
const QUARTER_KEY = /^(\d{4})-Q([1-4])$/;
const YEAR_KEY = /^(\d{4})$/;

function monthOf(year: number, month: number, timeZone: string): PeriodMonth {
  const first = Temporal.PlainDate.from({ year, month, day: 1 });
  return {
    key: `${year}-${String(month).padStart(2, '0')}`,
    start: first.toZonedDateTime({ timeZone }).epochMilliseconds,
    end: first.add({ months: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds,
  };
}

function build(kind: PeriodKind, key: string, year: number, firstMonth: number, count: number, timeZone: string): Period | undefined {
  if (year < MIN_YEAR || year > MAX_YEAR) return undefined;
  const months = Array.from({ length: count }, (_, i) => monthOf(year, firstMonth + i, timeZone));
  return { kind, key, timeZone, start: months[0]!.start, end: months[months.length - 1]!.end, months };
}

/** Parses `2026-10`, `2026-Q4` or `2026`; anything else (including `2026-13`, `2026-q4`) → undefined. */
export function parsePeriod(key: string, timeZone: string): Period | undefined {
  let m = MONTH_KEY.exec(key);
  if (m) return build('month', key, Number(m[1]), Number(m[2]), 1, timeZone);
  m = QUARTER_KEY.exec(key);
  if (m) return build('quarter', key, Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 3, timeZone);
  m = YEAR_KEY.exec(key);
  if (m) return build('year', key, Number(m[1]), 1, 12, timeZone);
  return undefined;
}

function zoned(instant: number, timeZone: string): Temporal.ZonedDateTime {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone);
}

/** The key (YYYY-MM) of the calendar month that contains `now` in the zone. */
export function currentMonthKey(now: number, timeZone: string): string {
  const z = zoned(now, timeZone);
  return `${z.year}-${String(z.month).padStart(2, '0')}`;
}

export interface RecentPeriods {
  /** Newest first. */
  months: string[];
  quarters: string[];
  years: string[];
}

/**
 * The periods an index page can link to: every month, quarter and year that has started by `now`
 * and ends after `serviceStartMin` (the earliest service start; null = no services yet, then only
 * the current ones). Newest first.
 */
export function recentPeriods(now: number, timeZone: string, serviceStartMin: number | null): RecentPeriods {
  const to = zoned(now, timeZone);
  const from = zoned(Math.min(serviceStartMin ?? now, now), timeZone);
  const result: RecentPeriods = { months: [], quarters: [], years: [] };
  const firstYear = Math.max(from.year, MIN_YEAR);
  for (let year = to.year; year >= firstYear; year--) {
    result.years.push(String(year));
    const lastMonth = year === to.year ? to.month : 12;
    const firstMonth = year === from.year ? from.month : 1;
    for (let q = Math.ceil(lastMonth / 3); q >= Math.ceil(firstMonth / 3); q--) result.quarters.push(`${year}-Q${q}`);
    for (let month = lastMonth; month >= firstMonth; month--) result.months.push(`${year}-${String(month).padStart(2, '0')}`);
  }
  return result;
}

/** The period that follows / precedes `period` (same kind), for page navigation. */
export function adjacentPeriodKey(period: Period, step: 1 | -1): string | undefined {
  const first = Temporal.PlainYearMonth.from(period.months[0]!.key);
  const shifted = first.add({ months: step * period.months.length });
  if (shifted.year < MIN_YEAR || shifted.year > MAX_YEAR) return undefined;
  if (period.kind === 'year') return String(shifted.year);
  if (period.kind === 'quarter') return `${shifted.year}-Q${Math.ceil(shifted.month / 3)}`;
  return `${shifted.year}-${String(shifted.month).padStart(2, '0')}`;
}
