import { describe, it, expect } from 'vitest';
import { calendarDay, lastDays } from '../../src/domain/calendar.ts';
import { computeUptime, formatUptime } from '../../src/domain/uptime.ts';
import type { DayUptime, ServiceUptime, StatusInterval } from '../../src/domain/types.ts';

// Europe/Amsterdam: CET (UTC+1) in winter, CEST (UTC+2) in summer. Local day 2026-01-15 is
// [2026-01-14T23:00Z, 2026-01-15T23:00Z) = 86 400 s. 2026-03-29 is 23 h, 2026-10-25 is 25 h.
const Z = 'Europe/Amsterdam';
const at = (iso: string): number => Date.parse(iso);
const FAR = at('2030-01-01T00:00:00Z');

function run(intervals: StatusInterval[], dates: string[], opts: { observedFrom?: number; now?: number } = {}): ServiceUptime {
  return computeUptime({ intervals, observedFrom: opts.observedFrom ?? 0, days: dates.map((d) => calendarDay(d, Z)), now: opts.now ?? FAR });
}
/** 'HH:MM' is shorthand for that UTC time on 2026-01-15; anything else is a full ISO instant. */
const t = (s: string): number => at(s.length === 5 ? `2026-01-15T${s}:00Z` : s);
function inc(status: StatusInterval['status'], start: string, end: string | null, incidentId: number): StatusInterval {
  return { serviceId: 1, status, start: t(start), end: end === null ? null : t(end), incidentId };
}
function mnt(start: string, end: string | null, maintenanceId: number): StatusInterval {
  return { serviceId: 1, status: 'under_maintenance', start: t(start), end: end === null ? null : t(end), maintenanceId };
}
const day = (u: ServiceUptime, date: string): DayUptime => u.days.find((d) => d.date === date)!;
const JAN15 = ['2026-01-15'];
const JAN14_15 = ['2026-01-14', '2026-01-15'];

describe('computeUptime: weights', () => {
  it('major_outage weighs 1', () => {
    const u = run([inc('major_outage', '10:00', '11:00', 1)], JAN15);
    const d = u.days[0]!;
    expect(d.observedSeconds).toBe(86400);
    expect(d.downtimeSeconds).toBe(3600); // 1 h × 1
    expect(d.uptimePercent).toBeCloseTo(95.833333333, 8); // (1 − 3600/86400)·100 = (1 − 1/24)·100
    expect(d.worstStatus).toBe('major_outage');
    expect(d.incidentIds).toEqual([1]);
    expect(d.maintenanceIds).toEqual([]);
  });

  it('partial_outage weighs 0.3', () => {
    const d = run([inc('partial_outage', '10:00', '11:00', 2)], JAN15).days[0]!;
    expect(d.downtimeSeconds).toBeCloseTo(1080, 9); // 0.3 × 3600
    expect(d.uptimePercent).toBeCloseTo(98.75, 9); // (1 − 1080/86400)·100 = (1 − 0.0125)·100
    expect(d.worstStatus).toBe('partial_outage');
    expect(d.incidentIds).toEqual([2]);
  });

  it('degraded_performance weighs 0 but is the worst status and names the incident', () => {
    const d = run([inc('degraded_performance', '10:00', '11:00', 3)], JAN15).days[0]!;
    expect(d.downtimeSeconds).toBe(0); // 0 × 3600
    expect(d.uptimePercent).toBe(100);
    expect(d.worstStatus).toBe('degraded_performance');
    expect(d.incidentIds).toEqual([3]);
  });

  it('maintenance weighs 0, shows under_maintenance and names the window', () => {
    const u = run([mnt('10:00', '11:00', 4)], JAN15);
    const d = u.days[0]!;
    expect(d.downtimeSeconds).toBe(0);
    expect(d.uptimePercent).toBe(100);
    expect(d.worstStatus).toBe('under_maintenance');
    expect(d.maintenanceIds).toEqual([4]);
    expect(d.incidentIds).toEqual([]);
    expect(u.uptimePercent).toBe(100);
  });
});

describe('computeUptime: overlaps counted once, at the worst', () => {
  it('major 10:00–11:00 overlapping partial 10:30–12:00', () => {
    const u = run([inc('partial_outage', '10:30', '12:00', 2), inc('major_outage', '10:00', '11:00', 1)], JAN15);
    const d = u.days[0]!;
    // 10:00–11:00 major: 3600 × 1; 11:00–12:00 partial only: 3600 × 0.3 = 1080 → 4680.
    expect(d.downtimeSeconds).toBeCloseTo(4680, 9);
    expect(d.uptimePercent).toBeCloseTo(94.583333333, 8); // (1 − 4680/86400)·100 = (1 − 0.0541666…)·100
    expect(d.worstStatus).toBe('major_outage');
    expect(d.incidentIds).toEqual([1, 2]); // ascending
  });

  it('two overlapping majors are not double counted', () => {
    const d = run([inc('major_outage', '10:00', '12:00', 1), inc('major_outage', '11:00', '13:00', 2)], JAN15).days[0]!;
    expect(d.downtimeSeconds).toBe(10800); // union 10:00–13:00 = 3 h, not 2 h + 2 h
  });

  it('a major nested in a partial', () => {
    const d = run([inc('partial_outage', '09:00', '13:00', 1), inc('major_outage', '10:00', '11:00', 2)], JAN15).days[0]!;
    expect(d.downtimeSeconds).toBeCloseTo(6840, 9); // major 1 h = 3600; partial 09–10 + 11–13 = 3 h × 0.3 = 3240
  });

  it('maintenance over an incident: the incident counts in full', () => {
    const d = run([mnt('09:00', '12:00', 5), inc('major_outage', '10:00', '11:00', 6)], JAN15).days[0]!;
    expect(d.downtimeSeconds).toBe(3600); // major 1 h; maintenance 2 h around it weighs 0
    expect(d.worstStatus).toBe('major_outage');
    expect(d.incidentIds).toEqual([6]);
    expect(d.maintenanceIds).toEqual([5]);
  });
});

describe('computeUptime: DST days', () => {
  it('2026-10-25 observes 90 000 s and 2026-03-29 observes 82 800 s', () => {
    // Separate runs: computeUptime takes consecutive days only.
    expect(run([], ['2026-10-25']).days[0]).toMatchObject({ observedSeconds: 90000, uptimePercent: 100 }); // 25 h × 3600
    expect(run([], ['2026-03-29']).days[0]).toMatchObject({ observedSeconds: 82800, uptimePercent: 100 }); // 23 h × 3600
  });

  it('local 00:00–03:00 on 2026-10-25 is 4 h of downtime', () => {
    // 00:00 CEST = 2026-10-24T22:00Z; 03:00 CET = 2026-10-25T02:00Z → 4 h = 14 400 s.
    const d = run([inc('major_outage', '2026-10-24T22:00:00Z', '2026-10-25T02:00:00Z', 1)], ['2026-10-25']).days[0]!;
    expect(d.downtimeSeconds).toBe(14400);
    expect(d.uptimePercent).toBeCloseTo(84, 9); // (1 − 14400/90000)·100 = (1 − 0.16)·100
  });

  it('local 01:00–04:00 on 2026-03-29 is 2 h of downtime', () => {
    // 01:00 CET = 2026-03-29T00:00Z; 04:00 CEST = 2026-03-29T02:00Z → 2 h = 7200 s.
    const d = run([inc('major_outage', '2026-03-29T00:00:00Z', '2026-03-29T02:00:00Z', 1)], ['2026-03-29']).days[0]!;
    expect(d.downtimeSeconds).toBe(7200);
    expect(d.uptimePercent).toBeCloseTo(2100 / 23, 9); // (1 − 7200/82800)·100 = (21/23)·100 = 91.304…
  });

  it('a whole 25 h day of major outage is 0 %', () => {
    // Day = [2026-10-24T22:00Z, 2026-10-25T23:00Z); the interval runs past both edges.
    const d = run([inc('major_outage', '2026-10-24T00:00:00Z', '2026-10-26T12:00:00Z', 1)], ['2026-10-25']).days[0]!;
    expect(d.downtimeSeconds).toBe(90000);
    expect(d.uptimePercent).toBe(0);
  });
});

describe('computeUptime: day boundaries and the window edges', () => {
  it('an incident over midnight is split across both days, named on both', () => {
    // Local midnight 14→15 Jan = 2026-01-14T23:00Z. 22:00Z–23:00Z = 3600 on the 14th, 23:00Z–01:00Z = 7200 on the 15th.
    const u = run([inc('major_outage', '2026-01-14T22:00:00Z', '01:00', 7)], JAN14_15);
    expect(day(u, '2026-01-14').downtimeSeconds).toBe(3600);
    expect(day(u, '2026-01-15').downtimeSeconds).toBe(7200);
    expect(day(u, '2026-01-14').incidentIds).toEqual([7]);
    expect(day(u, '2026-01-15').incidentIds).toEqual([7]);
    expect(day(u, '2026-01-15').uptimePercent).toBeCloseTo(91.666666667, 8); // (1 − 7200/86400)·100 = (1 − 1/12)·100
    expect(u.observedSeconds).toBe(172800); // 2 × 86 400
    expect(u.downtimeSeconds).toBe(10800);
    expect(u.uptimePercent).toBe(93.75); // (1 − 10800/172800)·100 = (1 − 1/16)·100, exact in binary
  });

  it('an interval ending exactly at local midnight does not touch the next day', () => {
    const before = inc('major_outage', '2026-01-14T22:00:00Z', '2026-01-14T23:00:00Z', 1);
    const u = run([before, inc('partial_outage', '2026-01-14T23:00:00Z', '00:00', 2)], JAN14_15);
    expect(day(u, '2026-01-14').incidentIds).toEqual([1]);
    expect(day(u, '2026-01-14').worstStatus).toBe('major_outage');
    expect(day(u, '2026-01-15').incidentIds).toEqual([2]);
    expect(day(u, '2026-01-15').worstStatus).toBe('partial_outage');
    expect(day(u, '2026-01-15').downtimeSeconds).toBeCloseTo(1080, 9); // 1 h × 0.3
  });

  it('a backdated incident counts only its in-window part', () => {
    // Window starts 2026-01-13T23:00Z (local 14 Jan). In-window: 23:00Z → 05:00Z = 6 h = 21 600 s.
    const old = inc('major_outage', '2026-01-01T00:00:00Z', '2026-01-02T00:00:00Z', 10);
    const u = run([inc('major_outage', '2026-01-10T00:00:00Z', '2026-01-14T05:00:00Z', 9), old], JAN14_15);
    expect(day(u, '2026-01-14').downtimeSeconds).toBe(21600);
    expect(day(u, '2026-01-14').uptimePercent).toBe(75); // (1 − 21600/86400)·100
    expect(day(u, '2026-01-14').incidentIds).toEqual([9]); // #10 ended before the window
    expect(day(u, '2026-01-15').downtimeSeconds).toBe(0);
    expect(day(u, '2026-01-15').incidentIds).toEqual([]);
    expect(u.downtimeSeconds).toBe(21600);
    expect(u.uptimePercent).toBe(87.5); // (1 − 21600/172800)·100 = (1 − 1/8)·100
  });

  it('a service created mid-window: earlier days are no data, its first day partly observed', () => {
    // Created 2026-01-14T11:00Z (12:00 local). 14 Jan observed 11:00Z → 23:00Z = 12 h = 43 200 s.
    const u = run(
      [inc('major_outage', '2026-01-13T10:00:00Z', '2026-01-13T12:00:00Z', 6), inc('major_outage', '2026-01-13T20:00:00Z', '2026-01-14T13:00:00Z', 5)],
      ['2026-01-13', '2026-01-14', '2026-01-15'],
      { observedFrom: at('2026-01-14T11:00:00Z') },
    );
    // #5 began 13 Jan 21:00 local, before the service existed: not named on 13 Jan (nothing observed).
    expect(day(u, '2026-01-13')).toEqual({ date: '2026-01-13', uptimePercent: null, observedSeconds: 0, downtimeSeconds: 0, worstStatus: 'operational', incidentIds: [], maintenanceIds: [] });
    const d14 = day(u, '2026-01-14');
    expect(d14.observedSeconds).toBe(43200);
    expect(d14.downtimeSeconds).toBe(7200); // #5 counted from 11:00Z to 13:00Z only
    expect(d14.uptimePercent).toBeCloseTo(83.333333333, 8); // (1 − 7200/43200)·100 = (1 − 1/6)·100
    expect(d14.incidentIds).toEqual([5]);
    expect(day(u, '2026-01-15').observedSeconds).toBe(86400);
    expect(u.observedSeconds).toBe(129600); // 43 200 + 86 400
    expect(u.downtimeSeconds).toBe(7200);
    expect(u.uptimePercent).toBeCloseTo(94.444444444, 8); // (1 − 7200/129600)·100 = (1 − 1/18)·100
  });

  it('now mid-day: today stops at now, an open interval counts until now, the future not at all', () => {
    // now = 2026-01-15T11:00Z; 15 Jan observed 2026-01-14T23:00Z → 11:00Z = 12 h = 43 200 s.
    const u = run([inc('major_outage', '08:00', null, 11), mnt('20:00', '21:00', 12)], JAN14_15, { now: t('11:00') });
    const d15 = day(u, '2026-01-15');
    expect(d15.observedSeconds).toBe(43200);
    expect(d15.downtimeSeconds).toBe(10800); // 08:00Z → now 11:00Z = 3 h
    expect(d15.uptimePercent).toBe(75); // (1 − 10800/43200)·100
    expect(d15.incidentIds).toEqual([11]);
    expect(d15.maintenanceIds).toEqual([]); // the 20:00Z window is still in the future
    expect(d15.worstStatus).toBe('major_outage');
    expect(u.observedSeconds).toBe(129600); // 86 400 + 43 200
    expect(u.uptimePercent).toBeCloseTo(91.666666667, 8); // (1 − 10800/129600)·100 = (1 − 1/12)·100
  });

  it('an open interval started before the window runs from the window start to now', () => {
    // Window start 2026-01-14T23:00Z, now 05:00Z → 6 h = 21 600 s observed, all partial.
    const d = run([inc('partial_outage', '2026-01-10T00:00:00Z', null, 1)], JAN15, { now: t('05:00') }).days[0]!;
    expect(d.observedSeconds).toBe(21600);
    expect(d.downtimeSeconds).toBeCloseTo(6480, 9); // 0.3 × 21 600
    expect(d.uptimePercent).toBeCloseTo(70, 9); // (1 − 0.3)·100
  });
});

describe('computeUptime: the window figure', () => {
  it('is 1 − Σdowntime/Σobserved, not the mean of day percentages', () => {
    // 24 Oct 86 400 s, 25 Oct 90 000 s, 26 Oct 86 400 s → Σobserved 262 800.
    // Major 1 h on the 24th = 3600; partial 2 h on the 26th = 0.3 × 7200 = 2160 → Σdowntime 5760.
    const major = inc('major_outage', '2026-10-24T10:00:00Z', '2026-10-24T11:00:00Z', 1);
    const u = run([major, inc('partial_outage', '2026-10-26T10:00:00Z', '2026-10-26T12:00:00Z', 2)], ['2026-10-24', '2026-10-25', '2026-10-26']);
    expect(u.observedSeconds).toBe(262800);
    expect(u.downtimeSeconds).toBeCloseTo(5760, 9);
    // 5760/262800 = 8/365 → (357/365)·100 = 97.808…; the mean of 95.83, 100 and 97.5 would be 97.77.
    expect(u.uptimePercent).toBeCloseTo(35700 / 365, 9);
    expect(formatUptime(u.uptimePercent, u.downtimeSeconds)).toBe('97.80');
  });

  it('empty interval list → 100 everywhere', () => {
    const u = run([], JAN14_15);
    expect(u.uptimePercent).toBe(100);
    expect(u.downtimeSeconds).toBe(0);
    expect(u.days.map((d) => [d.uptimePercent, d.worstStatus])).toEqual([[100, 'operational'], [100, 'operational']]);
  });

  it('no data: no days, or nothing observed yet', () => {
    expect(run([], [])).toEqual({ uptimePercent: null, observedSeconds: 0, downtimeSeconds: 0, days: [] });
    const u = run([inc('major_outage', '2026-01-14T10:00:00Z', null, 1)], JAN14_15, { observedFrom: at('2026-01-16T00:00:00Z') });
    expect(u.uptimePercent).toBeNull();
    expect(u.observedSeconds).toBe(0);
    expect(u.days.every((d) => d.uptimePercent === null && d.observedSeconds === 0 && d.incidentIds.length === 0)).toBe(true);
    expect(formatUptime(u.uptimePercent, u.downtimeSeconds)).toBeNull();
  });
});

describe('computeUptime: cost follows intervals, not time', () => {
  // now = 2026-12-01T11:00Z (12:00 CET). 90 days: 1 Dec + Nov (30) + Oct (31) = 62, plus 3..30 Sep (28)
  // → first day 2026-09-03, starting 00:00 CEST = 2026-09-02T22:00Z.
  // Observed: 89 whole days 3 Sep..30 Nov = 89 × 86 400 = 7 689 600, + 3600 for the 25 h 25 Oct,
  // + 1 Dec 23:00Z → 11:00Z = 43 200 → 7 736 400 s. (Check: 2 Sep 22:00Z → 1 Dec 22:00Z is 90 × 86 400
  // = 7 776 000; minus the 11 h to 11:00Z = 39 600 → 7 736 400.)
  const now = at('2026-12-01T11:00:00Z');
  const days = lastDays(now, 90, Z);

  it('90 days with no intervals', () => {
    const u = computeUptime({ intervals: [], observedFrom: 0, days, now });
    expect(days[0]!.date).toBe('2026-09-03');
    expect(u.observedSeconds).toBe(7736400);
    expect(u.uptimePercent).toBe(100);
  });

  it('one major interval over 60 local days, the 25 h day included', () => {
    // 1 Oct 00:00 CEST = 2026-09-30T22:00Z → 30 Nov 00:00 CET = 2026-11-29T23:00Z: 1 Oct..29 Nov = 31 + 29 = 60 days.
    // Downtime 60 × 86 400 + 3600 (25 Oct) = 5 187 600 s.
    const u = computeUptime({ intervals: [inc('major_outage', '2026-09-30T22:00:00Z', '2026-11-29T23:00:00Z', 42)], observedFrom: 0, days, now });
    expect(u.observedSeconds).toBe(7736400);
    expect(u.downtimeSeconds).toBe(5187600);
    // 5 187 600 / 7 736 400 = 1441/2149 (both ÷ 3600) → (708/2149)·100 = 32.9455…
    expect(u.uptimePercent).toBeCloseTo(70800 / 2149, 9);
    expect(formatUptime(u.uptimePercent, u.downtimeSeconds)).toBe('32.94');
    expect(day(u, '2026-09-30').downtimeSeconds).toBe(0);
    expect(day(u, '2026-10-01').downtimeSeconds).toBe(86400);
    expect(day(u, '2026-10-25').downtimeSeconds).toBe(90000);
    expect(day(u, '2026-11-29').downtimeSeconds).toBe(86400);
    expect(day(u, '2026-11-30').downtimeSeconds).toBe(0);
    expect(day(u, '2026-12-01').observedSeconds).toBe(43200);
    expect(u.days.filter((d) => d.incidentIds.includes(42))).toHaveLength(60);
  });

  it('one major interval of exactly 60 × 86 400 s ends an hour before local midnight', () => {
    // 2026-09-30T22:00Z + 60 × 24 h = 2026-11-29T22:00Z = 23:00 CET on 29 Nov (the extra 25 Oct hour
    // is absorbed). Downtime is 5 184 000 s; 29 Nov gets 2026-11-28T23:00Z → 22:00Z = 23 h = 82 800 s.
    const start = at('2026-09-30T22:00:00Z');
    const u = computeUptime({
      intervals: [{ serviceId: 1, status: 'major_outage', start, end: start + 60 * 86_400_000, incidentId: 43 }],
      observedFrom: 0, days, now,
    });
    expect(u.downtimeSeconds).toBe(5184000);
    expect(day(u, '2026-11-29').downtimeSeconds).toBe(82800);
    expect(day(u, '2026-10-25').downtimeSeconds).toBe(90000);
  });
});

describe('formatUptime', () => {
  it('truncates to two decimals, never rounds', () => {
    expect(formatUptime(99.996, 1)).toBe('99.99'); // rounding would say 100.00
    expect(formatUptime(99.5, 1)).toBe('99.50');
    expect(formatUptime(12.349, 1)).toBe('12.34');
    expect(formatUptime(0, 86400)).toBe('0.00');
  });

  it('99.99 and 99.9 (not exact in binary) keep their value', () => {
    expect(formatUptime(99.99, 1)).toBe('99.99');
    expect(formatUptime(99.9, 1)).toBe('99.90');
    // 144 s of major on the 25 h day: 144/90 000 = 0.0016 → exactly 99.84 %, though the float is 99.8399…
    const dst = run([{ serviceId: 1, status: 'major_outage', start: at('2026-10-25T10:00:00Z'), end: at('2026-10-25T10:02:24Z') }], ['2026-10-25']);
    expect(dst.downtimeSeconds).toBe(144);
    expect(formatUptime(dst.uptimePercent, dst.downtimeSeconds)).toBe('99.84');
    // 8.64 s of major in 86 400 s → (1 − 0.0001)·100 = 99.99 as computed by the engine.
    const u = run([{ serviceId: 1, status: 'major_outage', start: t('10:00'), end: t('10:00') + 8640 }], JAN15);
    expect(u.downtimeSeconds).toBeCloseTo(8.64, 9);
    expect(formatUptime(u.uptimePercent, u.downtimeSeconds)).toBe('99.99');
  });

  it('never 100.00 when there was downtime', () => {
    expect(formatUptime(99.9999, 1)).toBe('99.99');
    expect(formatUptime(100, 0.001)).toBe('99.99'); // a float that rounded back up to 100
    // 1 ms of major in the 7 736 400 s window: 1 − 0.001/7 736 400 ≈ 99.99999999 %.
    const u = computeUptime({
      intervals: [{ serviceId: 1, status: 'major_outage', start: at('2026-11-01T10:00:00Z'), end: at('2026-11-01T10:00:00Z') + 1, incidentId: 1 }],
      observedFrom: 0, days: lastDays(at('2026-12-01T11:00:00Z'), 90, Z), now: at('2026-12-01T11:00:00Z'),
    });
    expect(u.downtimeSeconds).toBe(0.001);
    expect(formatUptime(u.uptimePercent, u.downtimeSeconds)).toBe('99.99');
  });

  it('exactly 100 with no downtime → 100.00; null → null', () => {
    expect(formatUptime(100, 0)).toBe('100.00');
    expect(formatUptime(null, 0)).toBeNull();
    expect(formatUptime(null, 5)).toBeNull();
  });
});
