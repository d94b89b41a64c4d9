// Business hours ("kantooruren"): Monday–Friday 09:00–17:00 (SLA §05), in the page's zone —
// Europe/Amsterdam by default, so CET in winter and CEST in summer (DESIGN.md "Response and
// resolution"), minus configured public holidays. Only the low-severity response target counts
// business time (SLA §03 "8 kantooruren"); critical problems get 24/7 support.
//
// Wall-clock math goes through Temporal: 09:00 and 17:00 are resolved in the zone for each date, so
// a working day is 8 h on either side of a DST change and the nights the clocks move cost nothing.
// The cost is one step per calendar day spanned.
import { Temporal } from 'temporal-polyfill';

export const BUSINESS_DAY_START = { hour: 9, minute: 0 } as const;
export const BUSINESS_DAY_END = { hour: 17, minute: 0 } as const;

/** Holiday dates as YYYY-MM-DD in the zone. A Set is used as is; an array is turned into one. */
export type Holidays = ReadonlySet<string> | readonly string[];

function asSet(holidays: Holidays): ReadonlySet<string> {
  return holidays instanceof Set ? holidays : new Set(holidays as readonly string[]);
}

function dateOf(instant: number, timeZone: string): Temporal.PlainDate {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate();
}

/** Whether a date is a working day: Monday–Friday and not a holiday. */
export function isBusinessDay(date: Temporal.PlainDate | string, holidays: Holidays): boolean {
  const d = typeof date === 'string' ? Temporal.PlainDate.from(date) : date;
  return d.dayOfWeek <= 5 && !asSet(holidays).has(d.toString());
}

/** The business window [09:00, 17:00) of a date as UTC ms, or null on weekends and holidays. */
function windowOf(date: Temporal.PlainDate, timeZone: string, holidays: ReadonlySet<string>): [number, number] | null {
  if (date.dayOfWeek > 5 || holidays.has(date.toString())) return null;
  const open = date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(BUSINESS_DAY_START) }).epochMilliseconds;
  const close = date.toZonedDateTime({ timeZone, plainTime: Temporal.PlainTime.from(BUSINESS_DAY_END) }).epochMilliseconds;
  return [open, close];
}

/** Business milliseconds in [from, to); 0 when to ≤ from. */
export function businessMsBetween(from: number, to: number, timeZone: string, holidays: Holidays): number {
  if (to <= from) return 0;
  const set = asSet(holidays);
  const last = dateOf(to, timeZone);
  let total = 0;
  for (let d = dateOf(from, timeZone); Temporal.PlainDate.compare(d, last) <= 0; d = d.add({ days: 1 })) {
    const w = windowOf(d, timeZone, set);
    if (w) total += Math.max(0, Math.min(w[1], to) - Math.max(w[0], from));
  }
  return total;
}

/**
 * The instant at which `ms` business milliseconds have passed since `from`: the first instant t with
 * businessMsBetween(from, t) = ms. A budget that runs out exactly at 17:00 ends at 17:00, not at the
 * next morning's 09:00. ms ≤ 0 → from.
 */
export function addBusinessMs(from: number, ms: number, timeZone: string, holidays: Holidays): number {
  if (ms <= 0) return from;
  return walk(from, ms, timeZone, asSet(holidays), false);
}

/**
 * The last instant t with businessMsBetween(from, t) ≤ ms: a target "within 8 business hours" is
 * still met at t. Equal to addBusinessMs unless the budget runs out exactly at closing time; then no
 * business time passes until the next working day opens, and that opening is the deadline
 * (a low-severity incident started Friday 09:00 may be answered until Monday 09:00).
 */
export function businessDeadline(from: number, ms: number, timeZone: string, holidays: Holidays): number {
  return walk(from, ms, timeZone, asSet(holidays), true);
}

function walk(from: number, ms: number, timeZone: string, holidays: ReadonlySet<string>, latest: boolean): number {
  let remaining = Math.max(0, ms);
  let exhausted = false;
  // Terminates: holidays are a finite list, so working days keep coming.
  for (let d = dateOf(from, timeZone); ; d = d.add({ days: 1 })) {
    const w = windowOf(d, timeZone, holidays);
    if (!w) continue;
    const start = Math.max(w[0], from);
    if (start >= w[1]) continue;
    // The budget ran out exactly at a closing time: the next opening is the last instant at which
    // no more business time has passed.
    if (exhausted) return start;
    const available = w[1] - start;
    if (remaining < available || (remaining === available && !latest)) return start + remaining;
    remaining -= available;
    exhausted = remaining === 0;
  }
}
