// The SLA chart's geometry and the report texts, pure: the axis floor below every value, the
// guarantee line, bars per series and month, the aggregate (lowest) series for many services, and
// the truncating share and uptime texts.
import { describe, expect, it } from 'vitest';
import { chartFloor, chartGeometry, chartSeries } from '../../../src/components/reports/chart.ts';
import { periodKindOf, periodLabel, shareText, uptimeText } from '../../../src/components/reports/report-format.ts';
import { createFormatter } from '../../../src/i18n/format.ts';
import { en, nl } from '../../../src/i18n/reports.ts';

describe('chartFloor', () => {
  it.each([
    [[99.95, 99.99], 99.5],
    [[99.5], 99],
    [[99.2], 99],
    [[98.44], 98],
    [[97], 95],
    [[100], 99.5],
    [[], 99.5],
    [[0], 0],
  ])('%j → %d', (values, floor) => {
    expect(chartFloor(values, 99.9)).toBe(floor);
  });
});

describe('chartGeometry', () => {
  it('puts the guarantee between floor and 100 % and every bar on the baseline', () => {
    const g = chartGeometry(3, [{ name: 'web', values: [99.95, null, 99.0] }, { name: 'mail', values: [100, 99.8, 99.9] }], 99.9);
    expect(g.floor).toBe(98);
    const bottom = g.plot.y + g.plot.height;
    // (99.9 − 98) / (100 − 98) = 95 % of the plot height above the baseline.
    expect(g.targetY).toBeCloseTo(bottom - 0.95 * g.plot.height, 9);
    // 100 % would be 0.1 / 2 of the plot (≈ 9 px) above the guarantee line: left out.
    expect(g.ticks.map((t) => t.value)).toEqual([98, 99.9]);
    expect(g.bars.map((b) => [b.series, b.month, b.belowTarget])).toEqual([
      [0, 0, false],
      [0, 2, true],
      [1, 0, false],
      [1, 1, true],
      [1, 2, false],
    ]);
    for (const b of g.bars) expect(b.y + b.height).toBeCloseTo(bottom, 9);
    // Bars of one month stay inside its slot.
    for (const b of g.bars) {
      const slot = g.months[b.month]!;
      expect(b.x).toBeGreaterThanOrEqual(slot.x);
      expect(b.x + b.width).toBeLessThanOrEqual(slot.x + slot.width + 1e-9);
    }
  });

  it('labels 100 % when there is room above the guarantee line', () => {
    const g = chartGeometry(1, [{ name: 'web', values: [99.95] }], 99.9);
    expect(g.floor).toBe(99.5);
    expect(g.ticks.map((t) => t.value)).toEqual([99.5, 99.9, 100]);
  });

  it('leaves out the 100 % tick when it would sit on the guarantee line', () => {
    const g = chartGeometry(1, [{ name: 'web', values: [40] }], 99.9);
    expect(g.floor).toBe(0);
    expect(g.ticks.map((t) => t.value)).toEqual([0, 99.9]);
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
    expect(shareText(fmtNl, 5, 6)).toBe('83,3%');
    expect(shareText(fmtEn, 3, 6)).toBe('50%');
    expect(shareText(fmtEn, 2, 3)).toBe('66.6%');
    expect(shareText(fmtEn, 6, 6)).toBe('100%');
    expect(uptimeText(fmtEn, (1 - 5400 / 2_682_000) * 100, 5400)).toBe('99.79%');
    // 1 s of downtime in a month: 99.99996… must not read 100.00.
    expect(uptimeText(fmtNl, (1 - 1 / 2_682_000) * 100, 1)).toBe('99,99%');
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
