// Calendar arithmetic in a named time zone. Temporal (polyfilled until Node ships it) does the
// zone rules, so 23 h and 25 h days around DST changes come out right without hand-written offsets.
import { Temporal } from 'temporal-polyfill';
import type { CalendarDay } from './types.ts';

export function isValidTimeZone(zone: string): boolean {
  try {
    Temporal.Now.zonedDateTimeISO(zone);
    return true;
  } catch {
    return false;
  }
}

/** The calendar date (YYYY-MM-DD) of an instant in a zone. */
export function dateInZone(instant: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toPlainDate().toString();
}

/** The instant a calendar day (YYYY-MM-DD) starts in a zone. */
/** An instant as ISO-8601 in a zone with its offset and milliseconds ("2026-11-24T13:00:00.000+01:00"), as Statuspage writes them. */
export function isoInZone(instant: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(instant).toZonedDateTimeISO(timeZone).toString({ timeZoneName: 'never', fractionalSecondDigits: 3 });
}

export function startOfDay(date: string, timeZone: string): number {
  return Temporal.PlainDate.from(date).toZonedDateTime({ timeZone }).epochMilliseconds;
}

export function calendarDay(date: string, timeZone: string): CalendarDay {
  const d = Temporal.PlainDate.from(date);
  return {
    date: d.toString(),
    start: d.toZonedDateTime({ timeZone }).epochMilliseconds,
    end: d.add({ days: 1 }).toZonedDateTime({ timeZone }).epochMilliseconds,
  };
}

/** `count` consecutive calendar days ending with the day that contains `now`, oldest first. */
export function lastDays(now: number, count: number, timeZone: string): CalendarDay[] {
  const today = Temporal.PlainDate.from(dateInZone(now, timeZone));
  const days: CalendarDay[] = [];
  for (let i = count - 1; i >= 0; i--) days.push(calendarDay(today.subtract({ days: i }).toString(), timeZone));
  return days;
}
