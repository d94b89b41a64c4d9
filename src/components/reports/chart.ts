// The SLA chart's figures: one horizontal bar per row (a month report: each covered service; a
// quarter or year: each month, at the lowest SLA uptime of the covered services, the one that
// decides a credit), on an axis scaled to the data. Pure and unit-tested, so SlaChart.astro only
// draws. The axis starts at a round floor below the lowest value and the guarantee, so a 99.95 %
// month and a 99.85 % month look different; the floor is labelled on the axis and named in the
// chart's description, never hidden.

export interface ChartSeries {
  name: string;
  /** One value per month (unrounded percent, 0..100), null where the month has no SLA figure. */
  values: (number | null)[];
}

export interface ChartRow {
  label: string;
  /** Unrounded percent, or null: no SLA figure (drawn as "no data", without a bar). */
  value: number | null;
}

export interface ChartBar extends ChartRow {
  /** Bar length as a share of the axis, 0..100 (at least a sliver, so a bar at the floor shows). */
  length: number;
  belowTarget: boolean;
}

export interface ChartLayout {
  floor: number;
  /** Where the guarantee line sits on the axis, 0..100. */
  targetAt: number;
  /** Labelled axis positions: the floor and 100 %. */
  ticks: { value: number; at: number }[];
  bars: ChartBar[];
}

/** Round axis floors, best first: the largest one below every value (and below the guarantee). */
const FLOORS = [99.8, 99.5, 99, 98, 95, 90, 75, 50, 0];
const SLIVER = 0.75;

export function chartFloor(values: readonly number[], target: number): number {
  const lowest = Math.min(target, ...values);
  return FLOORS.find((f) => f < lowest) ?? 0;
}

export function chartLayout(rows: readonly ChartRow[], target: number): ChartLayout {
  const values = rows.map((r) => r.value).filter((v): v is number => v !== null);
  const floor = chartFloor(values, target);
  const at = (v: number) => ((Math.min(100, Math.max(floor, v)) - floor) / (100 - floor)) * 100;
  return {
    floor,
    targetAt: at(target),
    ticks: [{ value: floor, at: 0 }, { value: 100, at: 100 }],
    bars: rows.map((r) => ({ ...r, length: r.value === null ? 0 : Math.max(SLIVER, at(r.value)), belowTarget: r.value !== null && r.value < target })),
  };
}

/**
 * The chart's rows. A month: one row per covered service with a figure. Several months: one row per
 * month, the lowest SLA uptime of any covered service that month (the guarantee is per service, so
 * the lowest is the one that matters for credits); with a single covered service that is its own.
 */
export function chartRows(kind: 'month' | 'quarter' | 'year', services: readonly ChartSeries[], monthLabels: readonly string[]): { rows: ChartRow[]; aggregate: boolean } {
  const withData = services.filter((s) => s.values.some((v) => v !== null));
  if (withData.length === 0) return { rows: [], aggregate: false };
  if (kind === 'month') return { rows: withData.map((s) => ({ label: s.name, value: s.values[0] ?? null })), aggregate: false };
  const rows = monthLabels.map((label, m) => {
    const vs = withData.map((s) => s.values[m]).filter((v): v is number => v !== null && v !== undefined);
    return { label, value: vs.length === 0 ? null : Math.min(...vs) };
  });
  return { rows, aggregate: withData.length > 1 };
}

/**
 * The month table's series: each covered service when there are few, else one series with the
 * lowest SLA uptime of any covered service per month, added as the table's last row.
 */
export function chartSeries(services: readonly ChartSeries[], lowestName: string, maxSeries = 6): { series: ChartSeries[]; aggregate: boolean } {
  const withData = services.filter((s) => s.values.some((v) => v !== null));
  if (withData.length <= maxSeries) return { series: withData.map((s) => ({ name: s.name, values: s.values })), aggregate: false };
  const months = Math.max(...withData.map((s) => s.values.length));
  const lowest = Array.from({ length: months }, (_, m) => {
    const vs = withData.map((s) => s.values[m]).filter((v): v is number => v !== null && v !== undefined);
    return vs.length === 0 ? null : Math.min(...vs);
  });
  return { series: [{ name: lowestName, values: lowest }], aggregate: true };
}
