import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMs, businessDeadline, businessMsBetween, isBusinessDay } from '../../src/domain/business-hours.ts';
import { holidayDates } from '../../src/services/reports/holidays.ts';

// Business hours: Mon–Fri 09:00–17:00 Europe/Amsterdam (SLA §05). 09:00 CET = 08:00Z, 09:00 CEST = 07:00Z.
// Clocks go forward 2026-03-29 (Sunday) and back 2026-10-25 (Sunday).
const Z = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);
const MIN = 60_000;
const H = 60 * MIN;
const NONE: string[] = [];
const NL = holidayDates();

describe('businessMsBetween', () => {
  it.each([
    // [from, to, holidays, business ms, why]
    ['2026-01-16T15:30:00Z', '2026-01-19T08:15:00Z', NONE, 45 * MIN, 'Fri 16:30 → Mon 09:15 CET: 30 min Friday + 15 min Monday'],
    ['2026-01-14T09:00:00Z', '2026-01-14T11:00:00Z', NONE, 2 * H, 'Wed 10:00 → 12:00 CET'],
    ['2026-01-14T06:00:00Z', '2026-01-14T19:00:00Z', NONE, 8 * H, 'Wed 07:00 → 20:00 CET: the whole working day'],
    ['2026-01-17T08:00:00Z', '2026-01-18T20:00:00Z', NONE, 0, 'Saturday → Sunday'],
    ['2026-01-11T23:00:00Z', '2026-01-18T23:00:00Z', NONE, 40 * H, 'a whole week, Mon 00:00 → Mon 00:00 CET'],
    ['2026-01-14T11:00:00Z', '2026-01-14T09:00:00Z', NONE, 0, 'to before from'],
    ['2026-03-27T15:00:00Z', '2026-03-30T08:00:00Z', NONE, 2 * H, 'Fri 16:00 CET → Mon 10:00 CEST across the spring change (65 h wall-clock)'],
    ['2026-10-23T14:00:00Z', '2026-10-26T09:00:00Z', NONE, 2 * H, 'Fri 16:00 CEST → Mon 10:00 CET across the autumn change (68 h wall-clock)'],
    ['2026-03-30T06:00:00Z', '2026-03-30T16:00:00Z', NONE, 8 * H, 'first CEST Monday: 07:00Z → 15:00Z is 09:00 → 17:00'],
    ['2026-04-24T14:00:00Z', '2026-04-28T08:00:00Z', NL, 2 * H, 'Fri 16:00 → Tue 10:00 CEST over Koningsdag (Mon 27 Apr)'],
    ['2026-04-24T14:00:00Z', '2026-04-28T08:00:00Z', NONE, 10 * H, 'the same without holidays: 1 + 8 + 1'],
    ['2026-12-24T15:00:00Z', '2026-12-28T09:00:00Z', NL, 2 * H, 'Thu 24 Dec 16:00 → Mon 28 Dec 10:00 CET: Christmas Friday, then the weekend'],
  ] as const)('%s → %s = %i ms (%s)', (from, to, holidays, expected, _why) => {
    expect(businessMsBetween(at(from), at(to), Z, holidays)).toBe(expected);
  });
});

describe('addBusinessMs and businessDeadline', () => {
  it.each([
    // [from, ms, first instant the budget is used up, last instant still within it, why]
    ['2026-01-16T15:30:00Z', 8 * H, '2026-01-19T15:30:00Z', '2026-01-19T15:30:00Z', 'Fri 16:30 + 8 h → Mon 16:30 CET'],
    ['2026-01-16T08:00:00Z', 8 * H, '2026-01-16T16:00:00Z', '2026-01-19T08:00:00Z', 'Fri 09:00 + 8 h → Fri 17:00; still met until Mon 09:00'],
    ['2026-01-17T11:00:00Z', 1 * H, '2026-01-19T09:00:00Z', '2026-01-19T09:00:00Z', 'Sat 12:00 + 1 h → Mon 10:00'],
    ['2026-03-27T15:00:00Z', 2 * H, '2026-03-30T08:00:00Z', '2026-03-30T08:00:00Z', 'Fri 16:00 CET + 2 h → Mon 10:00 CEST'],
    ['2026-10-23T14:00:00Z', 2 * H, '2026-10-26T09:00:00Z', '2026-10-26T09:00:00Z', 'Fri 16:00 CEST + 2 h → Mon 10:00 CET'],
    ['2026-04-24T14:00:00Z', 2 * H, '2026-04-28T08:00:00Z', '2026-04-28T08:00:00Z', 'over Koningsdag'],
    ['2026-01-14T09:00:00Z', 0, '2026-01-14T09:00:00Z', '2026-01-14T09:00:00Z', 'zero inside business hours'],
    ['2026-01-17T11:00:00Z', 0, '2026-01-17T11:00:00Z', '2026-01-19T08:00:00Z', 'zero on a Saturday: nothing passes until Monday 09:00'],
  ] as const)('%s + %i ms → %s, still met until %s (%s)', (from, ms, first, last, _why) => {
    const holidays = NL;
    expect(addBusinessMs(at(from), ms, Z, holidays)).toBe(at(first));
    expect(businessDeadline(at(from), ms, Z, holidays)).toBe(at(last));
  });

  it('is the inverse of businessMsBetween (any start in 2025–2027, any budget up to 100 h)', () => {
    fc.assert(
      fc.property(fc.integer({ min: at('2025-01-01T00:00:00Z'), max: at('2027-12-01T00:00:00Z') }), fc.integer({ min: 1, max: 100 * H }), (from, ms) => {
        const end = addBusinessMs(from, ms, Z, NL);
        expect(businessMsBetween(from, end, Z, NL)).toBe(ms);
        const last = businessDeadline(from, ms, Z, NL);
        expect(businessMsBetween(from, last, Z, NL)).toBe(ms);
        expect(businessMsBetween(from, last + 1, Z, NL)).toBe(ms + 1);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isBusinessDay and the holiday file', () => {
  it.each([
    ['2026-01-01', false], // Nieuwjaarsdag (Thursday)
    ['2026-04-03', true], // Goede Vrijdag: not a general day off, left out on purpose
    ['2026-04-06', false], // Tweede paasdag
    ['2026-04-27', false], // Koningsdag
    ['2025-05-05', false], // Bevrijdingsdag in the lustrum year
    ['2026-05-05', true], // Bevrijdingsdag outside a lustrum year: a working day for most
    ['2026-05-14', false], // Hemelvaartsdag
    ['2026-05-25', false], // Tweede pinksterdag
    ['2026-12-25', false], // Eerste kerstdag
    ['2027-12-27', true], // Monday after a weekend Christmas: no substitute day in the Netherlands
    ['2026-01-17', false], // Saturday
    ['2026-01-19', true], // Monday
  ] as const)('%s → %s', (date, expected) => {
    expect(isBusinessDay(date, NL)).toBe(expected);
  });
});
