// Staff type times into <input type="datetime-local">, which has no zone: the console reads and
// fills them in the page's zone (BAKEN_TIMEZONE), the zone every time on the site is shown in.
// A time that a DST change skips or repeats is taken as Temporal's 'compatible' choice (the later
// instant for a skipped hour, the earlier for a repeated one), as calendars do.
import { Temporal } from 'temporal-polyfill';

const LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** '2026-11-10T22:00' in `timeZone` → epoch ms; undefined when it is not such a value. */
export function fromLocalInput(value: string, timeZone: string): number | undefined {
  if (!LOCAL.test(value)) return undefined;
  try {
    return Temporal.PlainDateTime.from(value, { overflow: 'reject' }).toZonedDateTime(timeZone, { disambiguation: 'compatible' }).epochMilliseconds;
  } catch {
    return undefined;
  }
}

/** epoch ms → '2026-11-10T22:00' in `timeZone` (minutes: what the input shows). */
export function toLocalInput(t: number, timeZone: string): string {
  return Temporal.Instant.fromEpochMilliseconds(t).toZonedDateTimeISO(timeZone).toPlainDateTime().toString({ smallestUnit: 'minute' });
}

/** A form's local time as the ISO instant the services take, '' staying '' (not given). */
export function localToIso(value: string, timeZone: string): string | undefined {
  if (value === '') return '';
  const t = fromLocalInput(value, timeZone);
  return t === undefined ? undefined : new Date(t).toISOString();
}
