import { describe, expect, it } from 'vitest';
import { adjacentPeriodKey, currentMonthKey, parsePeriod, recentPeriods } from '../../src/domain/periods.ts';

// Europe/Amsterdam: CET (UTC+1) in winter, CEST (UTC+2) from 2026-03-29 02:00 to 2026-10-25 03:00.
const Z = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);
const H = 3_600_000;

describe('parsePeriod', () => {
  it.each([
    // key, kind, start (UTC), end (UTC), hours, month keys
    ['2026-10', 'month', '2026-09-30T22:00:00Z', '2026-10-31T23:00:00Z', 745, ['2026-10']], // 31 × 24 + 1 (clocks back 25 Oct)
    ['2026-03', 'month', '2026-02-28T23:00:00Z', '2026-03-31T22:00:00Z', 743, ['2026-03']], // 31 × 24 − 1 (clocks forward 29 Mar)
    ['2026-11', 'month', '2026-10-31T23:00:00Z', '2026-11-30T23:00:00Z', 720, ['2026-11']], // 30 × 24
    ['2026-02', 'month', '2026-01-31T23:00:00Z', '2026-02-28T23:00:00Z', 672, ['2026-02']], // 28 × 24
    ['2026-Q4', 'quarter', '2026-09-30T22:00:00Z', '2026-12-31T23:00:00Z', 2209, ['2026-10', '2026-11', '2026-12']], // 745 + 720 + 744
    ['2026-Q1', 'quarter', '2025-12-31T23:00:00Z', '2026-03-31T22:00:00Z', 2159, ['2026-01', '2026-02', '2026-03']], // 744 + 672 + 743
    ['2026', 'year', '2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z', 8760, ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12']],
    ['2028', 'year', '2027-12-31T23:00:00Z', '2028-12-31T23:00:00Z', 8784, null], // leap year
  ] as const)('%s', (key, kind, start, end, hours, months) => {
    const p = parsePeriod(key, Z)!;
    expect(p.kind).toBe(kind);
    expect(p.key).toBe(key);
    expect(p.timeZone).toBe(Z);
    expect(p.start).toBe(at(start));
    expect(p.end).toBe(at(end));
    expect((p.end - p.start) / H).toBe(hours);
    if (months) expect(p.months.map((m) => m.key)).toEqual(months);
    // Months are consecutive and cover the period exactly.
    expect(p.months[0]!.start).toBe(p.start);
    expect(p.months[p.months.length - 1]!.end).toBe(p.end);
    for (let i = 1; i < p.months.length; i++) expect(p.months[i]!.start).toBe(p.months[i - 1]!.end);
  });

  it('uses the zone it is given', () => {
    expect(parsePeriod('2026-10', 'UTC')).toMatchObject({ start: at('2026-10-01T00:00:00Z'), end: at('2026-11-01T00:00:00Z') });
  });

  it.each(['2026-13', '2026-00', '2026-1', '2026-Q0', '2026-Q5', '2026-q4', '26', '02026', '1969', '1969-12', '2026-10 ', ' 2026', '', 'abc', '2026-10-01', '2026/10'])('rejects %j', (key) => {
    expect(parsePeriod(key, Z)).toBeUndefined();
  });
});

describe('currentMonthKey', () => {
  it.each([
    ['2026-09-30T22:30:00Z', Z, '2026-10'], // 00:30 CEST on 1 October
    ['2026-09-30T21:59:59Z', Z, '2026-09'],
    ['2026-09-30T22:30:00Z', 'UTC', '2026-09'],
    ['2026-12-31T23:00:00Z', Z, '2027-01'],
  ])('%s in %s → %s', (instant, zone, key) => {
    expect(currentMonthKey(at(instant), zone)).toBe(key);
  });
});

describe('recentPeriods', () => {
  it('lists every started period since the earliest service, newest first', () => {
    // now: 2 November 2026; first service started 15 November 2025.
    const r = recentPeriods(at('2026-11-02T10:00:00Z'), Z, at('2025-11-15T12:00:00Z'));
    expect(r.years).toEqual(['2026', '2025']);
    expect(r.quarters).toEqual(['2026-Q4', '2026-Q3', '2026-Q2', '2026-Q1', '2025-Q4']);
    expect(r.months).toEqual(['2026-11', '2026-10', '2026-09', '2026-08', '2026-07', '2026-06', '2026-05', '2026-04', '2026-03', '2026-02', '2026-01', '2025-12', '2025-11']);
  });

  it('without services: only the periods containing now', () => {
    expect(recentPeriods(at('2026-11-02T10:00:00Z'), Z, null)).toEqual({ months: ['2026-11'], quarters: ['2026-Q4'], years: ['2026'] });
  });

  it('the zone decides which month has started: 00:30 on 1 October in Amsterdam is still September in UTC', () => {
    const now = at('2026-09-30T22:30:00Z');
    expect(recentPeriods(now, Z, now).months).toEqual(['2026-10']);
    expect(recentPeriods(now, 'UTC', now).months).toEqual(['2026-09']);
  });
});

describe('adjacentPeriodKey', () => {
  it.each([
    ['2026-01', -1, '2025-12'],
    ['2026-12', 1, '2027-01'],
    ['2026-Q1', -1, '2025-Q4'],
    ['2026-Q4', 1, '2027-Q1'],
    ['2026', 1, '2027'],
    ['1970', -1, undefined],
  ] as const)('%s %i → %s', (key, step, expected) => {
    expect(adjacentPeriodKey(parsePeriod(key, Z)!, step)).toBe(expected);
  });
});
