// Date, time and number formatting for the public pages. Every instant is shown in the page's zone
// (config.timeZone) with the zone named, so a reader abroad never has to guess.
import type { Locale } from '../config.ts';
import { dictionary } from './index.ts';

export interface Formatter {
  /** "24 November 2026 at 14:05 CET" */
  dateTime(instant: number): string;
  /** A calendar date (YYYY-MM-DD, already in the page's zone): "24 November 2026". */
  day(date: string): string;
  /** A month (YYYY-MM): "November 2026". */
  month(month: string): string;
  /** "24 Nov 2026, 14:05 – 16:05 CET", collapsing what the ends share. */
  range(from: number, to: number): string;
  /** Machine-readable instant for <time datetime>. */
  iso(instant: number): string;
  /** An uptime text from formatUptime ("96.87") as a localized percentage: "96.87%", "96,87 %". */
  percent(text: string): string;
  /** Abbreviations the zone uses through the year of `instant`: "CET/CEST". */
  zoneAbbreviations(instant: number): string;
}

export function createFormatter(locale: Locale, timeZone: string): Formatter {
  const intl = dictionary(locale).intlLocale;
  const dateTime = new Intl.DateTimeFormat(intl, { timeZone, day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  const range = new Intl.DateTimeFormat(intl, { timeZone, day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZoneName: 'short' });
  // Calendar dates and months are already in the page's zone: format them as UTC dates so the
  // server's own zone can never shift them by a day.
  const day = new Intl.DateTimeFormat(intl, { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
  const month = new Intl.DateTimeFormat(intl, { timeZone: 'UTC', month: 'long', year: 'numeric' });
  const zoneName = new Intl.DateTimeFormat(intl, { timeZone, timeZoneName: 'short' });
  // Dutch writes a space before the percent sign ("99,9 %", Taalunie), English none ("99.9%"); the
  // space is non-breaking so a figure never wraps away from its sign. Every percentage on the site
  // and in email goes through here.
  const sign = locale === 'nl' ? '\u00a0%' : '%';
  const decimal = new Intl.NumberFormat(intl).formatToParts(1.5).find((p) => p.type === 'decimal')?.value ?? '.';

  const utcDate = (ymd: string): number => {
    const [y, m, d] = ymd.split('-').map(Number);
    return Date.UTC(y!, (m ?? 1) - 1, d ?? 1, 12);
  };

  return {
    dateTime: (instant) => dateTime.format(instant),
    day: (date) => day.format(utcDate(date)),
    month: (ym) => month.format(utcDate(`${ym}-01`)),
    range: (from, to) => (to > from ? range.formatRange(from, to) : range.format(from)),
    iso: (instant) => new Date(instant).toISOString(),
    // Truncation already happened in formatUptime; only the decimal separator is localized.
    percent: (text) => `${text.replace('.', decimal)}${sign}`,
    zoneAbbreviations: (instant) => {
      const year = new Date(instant).getUTCFullYear();
      const names = [Date.UTC(year, 0, 15), Date.UTC(year, 6, 15)].map((t) => zoneName.formatToParts(t).find((p) => p.type === 'timeZoneName')?.value ?? '');
      return [...new Set(names.filter(Boolean))].join('/');
    },
  };
}
