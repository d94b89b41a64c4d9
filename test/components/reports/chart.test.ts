// The SLA chart's layout and the report texts, pure: the axis floor below every value, the
// guarantee line, one bar per service (a month) or per month (a quarter or year, at the lowest
// service), the aggregate (lowest) series of the month table, and the truncating share and uptime texts.
import { describe, expect, it } from 'vitest';
import { chartFloor, chartLayout, chartRows, chartSeries } from '../../../src/components/reports/chart.ts';
import { periodKindOf, periodLabel, shareText, uptimeText } from '../../../src/components/reports/report-format.ts';
import { createFormatter } from '../../../src/i18n/format.ts';
import { en, nl } from '../../../src/i18n/reports.ts';

describe('chartFloor', () => {
  it.each([
    [[99.95, 99.99], 99.8],
    [[99.85], 99.8],
    [[99.8], 99.5],
    [[99.5], 99],
    [[99.2], 99],
    [[98.44], 98],
    [[97], 95],
    [[100], 99.8],
    [[], 99.8],
    [[0], 0],
  ])('%j → %d', (values, floor) => {
    expect(chartFloor(values, 99.9)).toBe(floor);
  });
});

describe('chartLayout', () => {
  it('scales bars from the floor to 100 %, with the guarantee line between and both ends labelled', () => {
    const g = chartLayout([{ label: 'web', value: 99.95 }, { label: 'mail', value: 99.0 }, { label: 'dns', value: null }, { label: 'db', value: 100 }], 99.9);
    expect(g.floor).toBe(98);
    // (99.9 − 98) / (100 − 98) = 95 % of the axis.
    expect(g.targetAt).toBeCloseTo(95, 9);
    expect(g.ticks).toEqual([{ value: 98, at: 0 }, { value: 100, at: 100 }]);
    expect(g.bars.map((b) => [b.label, b.belowTarget])).toEqual([['web', false], ['mail', true], ['dns', false], ['db', false]]);
    expect(g.bars[0]!.length).toBeCloseTo(97.5, 9);
    expect(g.bars[1]!.length).toBeCloseTo(50, 9);
    expect(g.bars[2]!.length).toBe(0);
    expect(g.bars[3]!.length).toBe(100);
  });

  it('keeps a sliver of a bar at the floor, and never runs past 100 %', () => {
    const g = chartLayout([{ label: 'a', value: 40 }, { label: 'b', value: 100 }], 99.9);
    expect(g.floor).toBe(0);
    expect(g.bars[0]!.length).toBeCloseTo(40, 9);
    const low = chartLayout([{ label: 'a', value: 99.5 }], 99.9);
    expect(low.floor).toBe(99);
    expect(chartLayout([{ label: 'a', value: 99.8 }], 99.9).bars[0]!.length).toBeCloseTo(60, 9);
    // 98.0 sits above the floor 95: (98 − 95) / 5 = 60 %.
    expect(chartLayout([{ label: 'a', value: 98.0 }, { label: 'b', value: 100 }], 99.9).bars.map((b) => b.length)).toEqual([60, 100]);
    // A month at 0 % still shows a sliver, so "no bar" only ever means "no figure".
    expect(chartLayout([{ label: 'a', value: 0 }], 99.9).bars.map((b) => b.length)).toEqual([0.75]);
  });
});

describe('chartRows', () => {
  const svc = (name: string, values: (number | null)[]) => ({ name, values });

  it('draws a month as one row per covered service with figures', () => {
    const { rows, aggregate } = chartRows('month', [svc('web', [99.95]), svc('mail', [null]), svc('dns', [100])], ['November 2026']);
    expect(aggregate).toBe(false);
    expect(rows).toEqual([{ label: 'web', value: 99.95 }, { label: 'dns', value: 100 }]);
  });

  it('draws a quarter or year as one row per month at the lowest service figure', () => {
    const { rows, aggregate } = chartRows('quarter', [svc('web', [99.95, 99.2, null]), svc('dns', [100, 99.99, null])], ['Oct', 'Nov', 'Dec']);
    expect(aggregate).toBe(true);
    expect(rows).toEqual([{ label: 'Oct', value: 99.95 }, { label: 'Nov', value: 99.2 }, { label: 'Dec', value: null }]);
    expect(chartRows('year', [svc('web', [99.9, 98])], ['Jan', 'Feb']).aggregate).toBe(false);
    expect(chartRows('year', [svc('web', [null])], ['Jan']).rows).toEqual([]);
  });
});

describe('chartSeries', () => {
  const svc = (name: string, values: (number | null)[]) => ({ name, values });

  it('keeps up to six services as their own series, skipping those without figures', () => {
    const { series, aggregate } = chartSeries([svc('a', [99.9]), svc('b', [null]), svc('c', [98])], 'Lowest');
    expect(aggregate).toBe(false);
    expect(series.map((s) => s.name)).toEqual(['a', 'c']);
  });

  it('turns more services into the lowest figure per month', () => {
    const many = Array.from({ length: 7 }, (_, i) => svc(`s${i}`, [99.99 - i, i === 3 ? 97.5 : null, null]));
    const { series, aggregate } = chartSeries(many, 'Lowest');
    expect(aggregate).toBe(true);
    expect(series).toEqual([{ name: 'Lowest', values: [93.99, 97.5, null] }]);
  });
});

describe('report texts', () => {
  const fmtEn = createFormatter('en', 'Europe/Amsterdam');
  const fmtNl = createFormatter('nl', 'Europe/Amsterdam');

  it('truncates shares and uptimes, never rounding up', () => {
    expect(shareText(fmtEn, 5, 6)).toBe('83.3%');
    expect(shareText(fmtNl, 5, 6)).toBe('83,3\u00a0%');
    expect(shareText(fmtEn, 3, 6)).toBe('50%');
    expect(shareText(fmtEn, 2, 3)).toBe('66.6%');
    expect(shareText(fmtEn, 6, 6)).toBe('100%');
    expect(uptimeText(fmtEn, (1 - 5400 / 2_682_000) * 100, 5400)).toBe('99.79%');
    // 1 s of downtime in a month: 99.99996… must not read 100.00.
    expect(uptimeText(fmtNl, (1 - 1 / 2_682_000) * 100, 1)).toBe('99,99\u00a0%');
    expect(uptimeText(fmtEn, null, null)).toBeNull();
  });

  it('names periods in each language', () => {
    expect(periodLabel(en, fmtEn, 'month', '2026-10')).toBe('October 2026');
    expect(periodLabel(nl, fmtNl, 'month', '2026-10')).toBe('oktober 2026');
    expect(periodLabel(en, fmtEn, 'quarter', '2026-Q4')).toBe('Q4 2026');
    expect(periodLabel(nl, fmtNl, 'quarter', '2026-Q4')).toBe('K4 2026');
    expect(periodLabel(en, fmtEn, 'year', '2026')).toBe('2026');
    expect(['2026', '2026-Q4', '2026-10'].map(periodKindOf)).toEqual(['year', 'quarter', 'month']);
  });

  it('writes durations in hours, minutes and seconds, leaving out zero parts', () => {
    expect([0, 45, 600, 901, 2700, 3600, 3601, 5400, 32_400, 243_000, 259_200].map(en.duration)).toEqual(['0 s', '45 s', '10 min', '15 min 1 s', '45 min', '1 h', '1 h 1 s', '1 h 30 min', '9 h', '67 h 30 min', '72 h']);
    expect(nl.duration(5400)).toBe('1 u 30 min');
    expect(en.businessDuration(en.duration(28_800))).toBe('8 h (business hours)');
  });
});
