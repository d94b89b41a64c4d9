import { describe, it, expect } from 'vitest';
import { calendarDay, dateInZone, isValidTimeZone, lastDays, startOfDay } from '../../src/domain/calendar.ts';

// Europe/Amsterdam: CET = UTC+1 in winter, CEST = UTC+2 in summer.
// 2026: DST starts Sun 29 March at 01:00 UTC (02:00 CET → 03:00 CEST),
//       DST ends   Sun 25 October at 01:00 UTC (03:00 CEST → 02:00 CET).
const Z = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('calendarDay / startOfDay in Europe/Amsterdam', () => {
  it('a normal winter day is 24 h, starting at 23:00 UTC the evening before', () => {
    // 2026-01-15 00:00 CET = 2026-01-14T23:00Z; 2026-01-16 00:00 CET = 2026-01-15T23:00Z.
    expect(calendarDay('2026-01-15', Z)).toEqual({
      date: '2026-01-15',
      start: at('2026-01-14T23:00:00Z'),
      end: at('2026-01-15T23:00:00Z'),
    });
    expect(startOfDay('2026-01-15', Z)).toBe(at('2026-01-14T23:00:00Z'));
  });

  it('a normal summer day is 24 h, starting at 22:00 UTC the evening before', () => {
    // 2026-07-01 00:00 CEST = 2026-06-30T22:00Z.
    const d = calendarDay('2026-07-01', Z);
    expect(d.start).toBe(at('2026-06-30T22:00:00Z'));
    expect(d.end).toBe(at('2026-07-01T22:00:00Z'));
    expect(d.end - d.start).toBe(DAY);
  });

  it('2026-03-29 (spring forward) is 23 h', () => {
    // Starts 00:00 CET = 2026-03-28T23:00Z; ends 2026-03-30 00:00 CEST = 2026-03-29T22:00Z → 23 h.
    const d = calendarDay('2026-03-29', Z);
    expect(d).toEqual({ date: '2026-03-29', start: at('2026-03-28T23:00:00Z'), end: at('2026-03-29T22:00:00Z') });
    expect(d.end - d.start).toBe(23 * HOUR);
    expect(startOfDay('2026-03-29', Z)).toBe(at('2026-03-28T23:00:00Z'));
    expect(startOfDay('2026-03-30', Z)).toBe(at('2026-03-29T22:00:00Z'));
  });

  it('2026-10-25 (fall back) is 25 h', () => {
    // Starts 00:00 CEST = 2026-10-24T22:00Z; ends 2026-10-26 00:00 CET = 2026-10-25T23:00Z → 25 h.
    const d = calendarDay('2026-10-25', Z);
    expect(d).toEqual({ date: '2026-10-25', start: at('2026-10-24T22:00:00Z'), end: at('2026-10-25T23:00:00Z') });
    expect(d.end - d.start).toBe(25 * HOUR);
    expect(startOfDay('2026-10-26', Z)).toBe(at('2026-10-25T23:00:00Z'));
  });

  it('a day ends exactly where the next one starts', () => {
    for (const [a, b] of [['2026-03-28', '2026-03-29'], ['2026-03-29', '2026-03-30'], ['2026-10-25', '2026-10-26']]) {
      expect(calendarDay(a!, Z).end).toBe(calendarDay(b!, Z).start);
    }
  });
});

describe('dateInZone', () => {
  it('switches date at local midnight, not UTC midnight', () => {
    // Winter: local midnight = 23:00Z.
    expect(dateInZone(at('2026-01-14T22:59:59.999Z'), Z)).toBe('2026-01-14');
    expect(dateInZone(at('2026-01-14T23:00:00Z'), Z)).toBe('2026-01-15');
    // Summer: local midnight = 22:00Z.
    expect(dateInZone(at('2026-07-14T21:59:59.999Z'), Z)).toBe('2026-07-14');
    expect(dateInZone(at('2026-07-14T22:00:00Z'), Z)).toBe('2026-07-15');
    expect(dateInZone(at('2026-07-14T23:30:00Z'), Z)).toBe('2026-07-15');
  });

  it('around the DST changes', () => {
    // 2026-03-29T00:30Z = 01:30 CET, 01:30Z = 03:30 CEST — both on 29 March.
    expect(dateInZone(at('2026-03-29T00:30:00Z'), Z)).toBe('2026-03-29');
    expect(dateInZone(at('2026-03-29T01:30:00Z'), Z)).toBe('2026-03-29');
    // The 23 h day ends at 22:00Z.
    expect(dateInZone(at('2026-03-29T21:59:59.999Z'), Z)).toBe('2026-03-29');
    expect(dateInZone(at('2026-03-29T22:00:00Z'), Z)).toBe('2026-03-30');
    // 2026-10-25T00:30Z = 02:30 CEST and 01:30Z = 02:30 CET: the repeated hour, same date.
    expect(dateInZone(at('2026-10-25T00:30:00Z'), Z)).toBe('2026-10-25');
    expect(dateInZone(at('2026-10-25T01:30:00Z'), Z)).toBe('2026-10-25');
    // The 25 h day ends at 23:00Z.
    expect(dateInZone(at('2026-10-25T22:59:59.999Z'), Z)).toBe('2026-10-25');
    expect(dateInZone(at('2026-10-25T23:00:00Z'), Z)).toBe('2026-10-26');
  });

  it('is zone-dependent', () => {
    expect(dateInZone(at('2026-07-14T23:30:00Z'), 'UTC')).toBe('2026-07-14');
  });
});

describe('lastDays', () => {
  it('90 consecutive days ending with the zone\u2019s today, even when UTC is still on the previous date', () => {
    // now = 2026-07-14T23:30Z = 2026-07-15 01:30 CEST, so Amsterdam's today is 2026-07-15.
    const now = at('2026-07-14T23:30:00Z');
    const days = lastDays(now, 90, Z);
    expect(days).toHaveLength(90);
    expect(days[89]!.date).toBe('2026-07-15');
    expect(days[89]!.start).toBeLessThanOrEqual(now);
    expect(now).toBeLessThan(days[89]!.end);
    // 90 days back: 1..15 July (15) + June (30) + May (31) = 76, plus 17..30 April (14) = 90.
    expect(days[0]!.date).toBe('2026-04-17');
    // 2026-04-17 00:00 CEST = 2026-04-16T22:00Z; 2026-07-16 00:00 CEST = 2026-07-15T22:00Z.
    expect(days[0]!.start).toBe(at('2026-04-16T22:00:00Z'));
    expect(days[89]!.end).toBe(at('2026-07-15T22:00:00Z'));
    // All CEST, no DST change in between: exactly 90 × 24 h.
    expect(days[89]!.end - days[0]!.start).toBe(90 * DAY);
    for (let i = 1; i < days.length; i++) {
      expect(days[i]!.start).toBe(days[i - 1]!.end);
      expect(days[i]!.end - days[i]!.start).toBe(DAY);
    }
  });

  it('dates are consecutive calendar dates', () => {
    const days = lastDays(at('2026-03-01T12:00:00Z'), 3, Z);
    // 2026 is not a leap year: 27, 28 February, 1 March.
    expect(days.map((d) => d.date)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('a window over the autumn change contains one 25 h day', () => {
    // now = 2026-11-15T12:00Z (13:00 CET). 90 days: 1..15 Nov (15) + Oct (31) + Sep (30) = 76,
    // plus 18..31 Aug (14) = 90 → first day 2026-08-18 (00:00 CEST = 2026-08-17T22:00Z).
    const days = lastDays(at('2026-11-15T12:00:00Z'), 90, Z);
    expect(days[0]!.date).toBe('2026-08-18');
    expect(days[0]!.start).toBe(at('2026-08-17T22:00:00Z'));
    // Last day 2026-11-15 ends 2026-11-16 00:00 CET = 2026-11-15T23:00Z.
    expect(days[89]!.end).toBe(at('2026-11-15T23:00:00Z'));
    // 90 × 24 h + 1 h for the 25 h day.
    expect(days[89]!.end - days[0]!.start).toBe(90 * DAY + HOUR);
    const long = days.filter((d) => d.end - d.start !== DAY);
    expect(long.map((d) => [d.date, d.end - d.start])).toEqual([['2026-10-25', 25 * HOUR]]);
  });

  it('count 1 is just today; count 0 is empty', () => {
    expect(lastDays(at('2026-03-29T12:00:00Z'), 1, Z)).toEqual([calendarDay('2026-03-29', Z)]);
    expect(lastDays(at('2026-03-29T12:00:00Z'), 0, Z)).toEqual([]);
  });
});

describe('isValidTimeZone', () => {
  it('accepts IANA names and UTC', () => {
    expect(isValidTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isValidTimeZone('America/New_York')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
  });

  it('rejects unknown or empty names', () => {
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('Europe/Amsterdamm')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
