import { describe, expect, it } from 'vitest';
import { parsePeriod, type PeriodMonth } from '../../src/domain/periods.ts';
import { classifyMaintenance, computeSla, creditPercent, slaUptimePercent, sumFigures, type ExcludedInterval, type SlaImpactInterval, type SlaMaintenance, type SlaMonth } from '../../src/domain/sla.ts';

// November 2026 in Europe/Amsterdam: [2026-10-31T23:00Z, 2026-11-30T23:00Z), no DST change, 30 days
// = 2,592,000 s. 0.1 % of it = 2,592 s; 1 % = 25,920 s; 2 % = 51,840 s.
// Times below are UTC; 'HH:MM' is shorthand for 2026-11-10 (a Tuesday, 1 h behind CET).
const Z = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);
const t = (s: string): number => at(s.length === 5 ? `2026-11-10T${s}:00Z` : s);
const S = 1000;
const MIN = 60 * S;
const H = 60 * MIN;
const FAR = at('2030-01-01T00:00:00Z');
const months = (...keys: string[]): PeriodMonth[] => keys.flatMap((k) => parsePeriod(k, Z)!.months);
const NOV = months('2026-11');

const major = (start: string | number, end: string | number | null, incidentId?: number): SlaImpactInterval => ({
  status: 'major_outage',
  start: typeof start === 'number' ? start : t(start),
  end: end === null ? null : typeof end === 'number' ? end : t(end),
  incidentId,
});
const partial = (start: string, end: string | null, incidentId?: number): SlaImpactInterval => ({ ...major(start, end, incidentId), status: 'partial_outage' });
const degraded = (start: string, end: string | null, incidentId?: number): SlaImpactInterval => ({ ...major(start, end, incidentId), status: 'degraded_performance' });
/** A maintenance window: scheduled [start, end), announced `noticeMs` before the scheduled start, worked [actualStart, actualEnd). */
function maint(start: string, end: string, noticeMs: number, actualStart: string | null = start, actualEnd: string | null = end): SlaMaintenance {
  return { announcedAt: t(start) - noticeMs, scheduledStart: t(start), scheduledEnd: t(end), actualStart: actualStart === null ? null : t(actualStart), actualEnd: actualEnd === null ? null : t(actualEnd) };
}

function nov(o: { impacts?: SlaImpactInterval[]; exclusions?: ExcludedInterval[]; maintenances?: SlaMaintenance[]; observedFrom?: number; now?: number }): SlaMonth {
  return computeSla({ months: NOV, observedFrom: o.observedFrom ?? 0, now: o.now ?? FAR, impacts: o.impacts ?? [], exclusions: o.exclusions ?? [], maintenances: o.maintenances ?? [] })[0]!;
}
const figures = (m: SlaMonth) => ({ observedSeconds: m.observedSeconds, slaDowntimeSeconds: m.slaDowntimeSeconds, slaUptimePercent: m.slaUptimePercent, creditPercent: m.creditPercent });

describe('SLA uptime: credit tiers at their exact boundaries (SLA §06, compared unrounded)', () => {
  // A major outage from the first instant of November lasting `seconds`; November = 2,592,000 s.
  it.each([
    [0, 100, 0],
    [2_592, 99.9, 0], // exactly 99.9 %: the guarantee is met
    [2_593, null, 10], // one second more: 10 %
    [25_920, 99, 10], // exactly 99.0 %: still 10 %
    [25_921, null, 25],
    [51_840, 98, 25], // exactly 98.0 %: still 25 %
    [51_841, null, 50],
    [2_592_000, 0, 50], // down all month
  ] as const)('%i s of major outage → %s %% → credit %i %%', (seconds, percent, credit) => {
    const m = nov({ impacts: [major(NOV[0]!.start, NOV[0]!.start + seconds * S)] });
    expect(m.observedSeconds).toBe(2_592_000);
    expect(m.slaDowntimeSeconds).toBe(seconds);
    if (percent !== null) expect(m.slaUptimePercent).toBe(percent); // exactly, not "close to"
    expect(m.creditPercent).toBe(credit);
  });

  it('one millisecond decides: 2,592.001 s → 10 %', () => {
    expect(nov({ impacts: [major(t('00:00'), t('00:00') + 2_592_001)] }).creditPercent).toBe(10);
  });

  it('partial outage weighs 0.3: 8,640 s partial = 2,592 s counted = exactly 99.9 %; 8,641 s → 10 %', () => {
    expect(figures(nov({ impacts: [partial('00:00', null)].map((p) => ({ ...p, end: p.start + 8_640 * S })) }))).toEqual({
      observedSeconds: 2_592_000,
      slaDowntimeSeconds: 2_592, // 0.3 × 8,640
      slaUptimePercent: 99.9,
      creditPercent: 0,
    });
    const over = nov({ impacts: [{ ...partial('00:00', null), end: t('00:00') + 8_641 * S }] });
    expect(over.slaDowntimeSeconds).toBe(2_592.3);
    expect(over.creditPercent).toBe(10);
  });

  it('degraded performance weighs 0', () => {
    expect(figures(nov({ impacts: [degraded('00:00', '12:00')] }))).toEqual({ observedSeconds: 2_592_000, slaDowntimeSeconds: 0, slaUptimePercent: 100, creditPercent: 0 });
  });

  it('overlaps count once, at the worst weight', () => {
    // major 10:00–11:00 and partial 10:30–12:00 → 1 h × 1 + 1 h × 0.3 = 3,600 + 1,080 = 4,680 s.
    expect(nov({ impacts: [major('10:00', '11:00', 1), partial('10:30', '12:00', 2)] }).slaDowntimeSeconds).toBe(4_680);
    // two majors 10:00–11:00 and 10:30–11:30 → 1.5 h = 5,400 s, not 7,200.
    expect(nov({ impacts: [major('10:00', '11:00', 1), major('10:30', '11:30', 2)] }).slaDowntimeSeconds).toBe(5_400);
  });

  it('helpers: exact tiers on the raw figures', () => {
    // 30-day month in ms; downtime in tenths of a ms.
    expect(creditPercent({ observedMs: 2_592_000_000, downtimeTenthMs: 25_920_000 })).toBe(0);
    expect(creditPercent({ observedMs: 2_592_000_000, downtimeTenthMs: 25_920_001 })).toBe(10);
    expect(creditPercent({ observedMs: 0, downtimeTenthMs: 0 })).toBeNull();
    expect(slaUptimePercent({ observedMs: 0, downtimeTenthMs: 0 })).toBeNull();
    expect(slaUptimePercent({ observedMs: 2_592_000_000, downtimeTenthMs: 259_200_000 })).toBe(99);
  });
});

describe('maintenance (SLA §02: planned maintenance announced 48 h ahead is excluded)', () => {
  it.each([
    // name, window, counted seconds
    ['announced 48 h 00 min ahead, on time: excluded', maint('02:00', '04:00', 48 * H), 0],
    ['announced 47 h 59 min ahead: short notice, all 2 h count', maint('02:00', '04:00', 47 * H + 59 * MIN), 7_200],
    ['announced 48 h ahead, overran 30 min: the overrun counts', maint('02:00', '04:00', 48 * H, '02:00', '04:30'), 1_800],
    ['announced 72 h ahead, started 30 min early: the early part counts', maint('02:00', '04:00', 72 * H, '01:30', '04:00'), 1_800],
    ['announced 72 h ahead, finished early', maint('02:00', '04:00', 72 * H, '02:15', '03:00'), 0],
    ['short notice, overran: all in-progress time counts', maint('02:00', '04:00', 1 * H, '02:00', '04:30'), 9_000],
    ['never started (cancelled beforehand): nothing', maint('02:00', '04:00', 1 * H, null, null), 0],
  ] as const)('%s → %i s', (_name, m, counted) => {
    expect(nov({ maintenances: [m] }).slaDowntimeSeconds).toBe(counted);
  });

  it('a short-notice window still in progress counts up to now; the denominator too', () => {
    // now = 2026-11-10 03:00Z: observed = 9 days + 4 h (from 2026-10-31T23:00Z) = 792,000 s; counted 1 h.
    const m = nov({ maintenances: [maint('02:00', '04:00', 1 * H, '02:00', null)], now: t('03:00') });
    expect(figures(m)).toEqual({ observedSeconds: 792_000, slaDowntimeSeconds: 3_600, slaUptimePercent: ((792_000 - 3_600) * 100) / 792_000, creditPercent: 10 });
  });

  it('an in-time window is available whatever else happens then; outside it the incident counts', () => {
    const window = maint('02:00', '04:00', 48 * H, '02:00', '04:30');
    // major 03:00–05:00: 03:00–04:00 excused; 04:00–04:30 overrun (1) and incident (1) once; 04:30–05:00 incident → 1 h.
    expect(nov({ maintenances: [window], impacts: [major('03:00', '05:00', 1)] }).slaDowntimeSeconds).toBe(3_600);
    // partial during the overrun: the overrun's weight 1 is the worst → 30 min, not 0.3 × 30 min.
    expect(nov({ maintenances: [window], impacts: [partial('04:00', '04:30', 1)] }).slaDowntimeSeconds).toBe(1_800);
    // a window that never started excuses nothing: the incident inside it counts fully.
    expect(nov({ maintenances: [maint('02:00', '04:00', 72 * H, null, null)], impacts: [major('02:30', '03:00', 1)] }).slaDowntimeSeconds).toBe(1_800);
  });

  it('classifyMaintenance names the notice and the parts', () => {
    expect(classifyMaintenance(maint('02:00', '04:00', 48 * H, '01:30', '04:30'), FAR)).toEqual({
      noticeMs: 48 * H,
      announcedInTime: true,
      available: [{ start: t('02:00'), end: t('04:00') }],
      downtime: [
        { start: t('01:30'), end: t('02:00') },
        { start: t('04:00'), end: t('04:30') },
      ],
    });
  });
});

describe('SLA exclusions (§02 overmacht, klant, derden; §07 DDoS, beveiliging)', () => {
  it('an excluded DDoS incident overlapping a normal one: only the normal one’s time outside the DDoS counts', () => {
    // DDoS (id 1, excluded) open 10:00–12:00, major; normal incident (id 2) major 11:00–13:00.
    // 10:00–12:00 available; 12:00–13:00 counted → 3,600 s.
    const m = nov({ impacts: [major('10:00', '12:00', 1), major('11:00', '13:00', 2)], exclusions: [{ incidentId: 1, start: t('10:00'), end: t('12:00') }] });
    expect(m.slaDowntimeSeconds).toBe(3_600);
  });

  it('a normal incident entirely inside the excluded one does not count', () => {
    const m = nov({ impacts: [major('10:00', '12:00', 1), partial('10:30', '11:00', 2)], exclusions: [{ incidentId: 1, start: t('10:00'), end: t('12:00') }] });
    expect(m.slaDowntimeSeconds).toBe(0);
  });

  it('an excluded incident still open is available up to now', () => {
    // DDoS open since 10:00, now 14:00; normal major 09:00–11:00 → only 09:00–10:00 counts.
    const m = nov({ impacts: [major('10:00', null, 1), major('09:00', '11:00', 2)], exclusions: [{ incidentId: 1, start: t('10:00'), end: null }], now: t('14:00') });
    expect(m.slaDowntimeSeconds).toBe(3_600);
  });

  it('the excluded incident’s own impact never counts, even outside its recorded open time', () => {
    const m = nov({ impacts: [major('09:00', '12:00', 1)], exclusions: [{ incidentId: 1, start: t('10:00'), end: t('12:00') }] });
    expect(m.slaDowntimeSeconds).toBe(0);
  });
});

describe('denominators', () => {
  it.each([
    // the nights the clocks change: March 743 h, October 745 h in Amsterdam
    ['2026-03', 743 * 3600],
    ['2026-10', 745 * 3600],
    ['2026-11', 720 * 3600],
  ] as const)('%s → %i s', (key, seconds) => {
    const [m] = computeSla({ months: months(key), observedFrom: 0, now: FAR, impacts: [], exclusions: [], maintenances: [] });
    expect(m!.observedSeconds).toBe(seconds);
  });

  it('0.1 % of a 743-hour March is 2,674.8 s: exactly 99.9 %, one ms more → 10 %', () => {
    const start = at('2026-03-29T00:30:00Z'); // straddles the change at 01:00Z
    const run = (ms: number) => computeSla({ months: months('2026-03'), observedFrom: 0, now: FAR, impacts: [major(start, start + ms)], exclusions: [], maintenances: [] })[0]!;
    expect([run(2_674_800).slaUptimePercent, run(2_674_800).creditPercent]).toEqual([99.9, 0]);
    expect(run(2_674_801).creditPercent).toBe(10);
  });

  it('0.1 % of a 745-hour October is 2,682 s', () => {
    const start = at('2026-10-25T00:30:00Z');
    const [m] = computeSla({ months: months('2026-10'), observedFrom: 0, now: FAR, impacts: [major(start, start + 2_682_000)], exclusions: [], maintenances: [] });
    expect([m!.slaUptimePercent, m!.creditPercent]).toEqual([99.9, 0]);
  });

  it('a service created mid-month: only the observed part (15 days = 1,296,000 s); 1,296 s = exactly 99.9 %', () => {
    const from = at('2026-11-15T23:00:00Z'); // 16 November 00:00 CET
    const a = nov({ observedFrom: from, impacts: [major('2026-11-20T10:00:00Z', at('2026-11-20T10:00:00Z') + 1_296_000)] });
    expect(figures(a)).toEqual({ observedSeconds: 1_296_000, slaDowntimeSeconds: 1_296, slaUptimePercent: 99.9, creditPercent: 0 });
    // Impact before the service existed is not observed.
    const b = nov({ observedFrom: from, impacts: [major('2026-11-15T20:00:00Z', '2026-11-16T00:00:00Z')] });
    expect(b.slaDowntimeSeconds).toBe(3_600); // 23:00Z–00:00Z only
  });

  it('the running month counts up to now: 10 days observed, 864 s = 99.9 %', () => {
    const m = nov({ now: at('2026-11-10T23:00:00Z'), impacts: [major('05:00', at('2026-11-10T05:00:00Z') + 864_000)] });
    expect(figures(m)).toEqual({ observedSeconds: 864_000, slaDowntimeSeconds: 864, slaUptimePercent: 99.9, creditPercent: 0 });
  });

  it('a service not yet started in a month has no figure', () => {
    const m = nov({ observedFrom: at('2026-12-05T00:00:00Z') });
    expect(figures(m)).toEqual({ observedSeconds: 0, slaDowntimeSeconds: 0, slaUptimePercent: null, creditPercent: null });
  });

  it('an incident spanning a month boundary is split between the months', () => {
    // 31 Oct 22:00 CET (21:00Z) → 1 Nov 02:00 CET (01:00Z): 2 h in October, 2 h in November.
    const [oct, novm] = computeSla({ months: months('2026-10', '2026-11'), observedFrom: 0, now: FAR, impacts: [major('2026-10-31T21:00:00Z', '2026-11-01T01:00:00Z')], exclusions: [], maintenances: [] });
    expect([oct!.key, oct!.slaDowntimeSeconds, novm!.key, novm!.slaDowntimeSeconds]).toEqual(['2026-10', 7_200, '2026-11', 7_200]);
  });
});

describe('quarter and year aggregates: 1 − Σ counted downtime / Σ denominators', () => {
  // Q4 2026: Oct 745 h (2,682,000 s), Nov 720 h (2,592,000 s), Dec 744 h (2,678,400 s) = 7,952,400 s.
  const q4 = parsePeriod('2026-Q4', Z)!;
  const impacts = [
    major('2026-10-10T00:00:00Z', at('2026-10-10T00:00:00Z') + 2_682_000), // 2,682 s = 0.1 % of October → 99.9, 0 %
    major('2026-11-10T00:00:00Z', at('2026-11-10T00:00:00Z') + 25_920_000), // 25,920 s = 1 % of November → 99.0, 10 %
  ];

  it('Q4: per month and together', () => {
    const list = computeSla({ months: q4.months, observedFrom: 0, now: FAR, impacts, exclusions: [], maintenances: [] });
    expect(list.map((m) => [m.key, m.slaUptimePercent, m.creditPercent])).toEqual([
      ['2026-10', 99.9, 0],
      ['2026-11', 99, 10],
      ['2026-12', 100, 0],
    ]);
    const sum = sumFigures(list);
    expect(sum).toEqual({ observedMs: 7_952_400_000, downtimeTenthMs: 286_020_000 }); // 28,602 s
    expect(slaUptimePercent(sum)).toBe(((7_952_400 - 28_602) * 100) / 7_952_400); // 28,602 / 7,952,400 = 0.359665 % → 99.640335 %
    expect(slaUptimePercent(sum)).toBeCloseTo(99.640335, 6);
  });

  it('year 2026: 8,760 h = 31,536,000 s', () => {
    const list = computeSla({ months: parsePeriod('2026', Z)!.months, observedFrom: 0, now: FAR, impacts, exclusions: [], maintenances: [] });
    expect(list.map((m) => m.creditPercent)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 10, 0]);
    const sum = sumFigures(list);
    expect(sum.observedMs).toBe(31_536_000_000);
    expect(slaUptimePercent(sum)).toBe(((31_536_000 - 28_602) * 100) / 31_536_000); // 28,602 / 31,536,000 = 0.090696 % → 99.909304 %
  });

  it('a service started in November: the year has two observed months', () => {
    const list = computeSla({ months: parsePeriod('2026', Z)!.months, observedFrom: at('2026-10-31T23:00:00Z'), now: FAR, impacts, exclusions: [], maintenances: [] });
    expect(list.map((m) => m.slaUptimePercent).slice(0, 10)).toEqual(Array(10).fill(null));
    expect(sumFigures(list)).toEqual({ observedMs: (2_592_000 + 2_678_400) * 1000, downtimeTenthMs: 259_200_000 });
  });
});
