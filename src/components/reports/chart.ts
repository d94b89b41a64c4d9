// Geometry of the SLA chart: bars of monthly SLA uptime per series against the guarantee line, in
// a fixed viewBox, computed here (pure, unit-tested) so SlaChart.astro only draws. The vertical axis
// starts at a round floor below the lowest value, so a 99.95 % month and a 99.85 % month look
// different; the floor is named in the chart's description, never hidden.

export interface ChartSeries {
  name: string;
  /** One value per month (unrounded percent, 0..100), null where the month has no SLA figure. */
  values: (number | null)[];
}

export interface ChartBar {
  series: number;
  month: number;
  x: number;
  y: number;
  width: number;
  height: number;
  value: number;
  belowTarget: boolean;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { x: number; y: number; width: number; height: number };
  floor: number;
  targetY: number;
  ticks: { value: number; y: number }[];
  months: { x: number; center: number; width: number }[];
  bars: ChartBar[];
}

/** Round axis floors, best first: the largest one below every value is used. */
const FLOORS = [99.5, 99, 98, 95, 90, 75, 50, 0];
const WIDTH = 640;
const HEIGHT = 220;
const MARGIN = { top: 12, right: 12, bottom: 30, left: 56 };
/** Closer than this (px) to the target line, the 100 % tick is left out so the labels never overlap. */
const MIN_TICK_GAP = 14;

export function chartFloor(values: readonly number[], target: number): number {
  const lowest = Math.min(target, ...values);
  return FLOORS.find((f) => f < lowest) ?? 0;
}

export function chartGeometry(monthCount: number, series: readonly ChartSeries[], target: number): ChartGeometry {
  const values = series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  const floor = chartFloor(values, target);
  const plot = { x: MARGIN.left, y: MARGIN.top, width: WIDTH - MARGIN.left - MARGIN.right, height: HEIGHT - MARGIN.top - MARGIN.bottom };
  const yOf = (v: number) => plot.y + plot.height * (1 - (Math.min(100, Math.max(floor, v)) - floor) / (100 - floor));
  const targetY = yOf(target);
  const ticks = [{ value: floor, y: yOf(floor) }, { value: target, y: targetY }];
  if (targetY - yOf(100) >= MIN_TICK_GAP) ticks.push({ value: 100, y: yOf(100) });

  const slot = plot.width / Math.max(1, monthCount);
  const months = Array.from({ length: monthCount }, (_, m) => ({ x: plot.x + m * slot, center: plot.x + (m + 0.5) * slot, width: slot }));
  const gap = Math.min(8, slot * 0.2);
  const barWidth = Math.max(1, (slot - 2 * gap) / Math.max(1, series.length));
  const bars: ChartBar[] = [];
  series.forEach((s, i) =>
    s.values.forEach((value, m) => {
      if (value === null || m >= monthCount) return;
      const y = yOf(value);
      bars.push({ series: i, month: m, x: months[m]!.x + gap + i * barWidth, y, width: barWidth, height: plot.y + plot.height - y, value, belowTarget: value < target });
    }),
  );
  return { width: WIDTH, height: HEIGHT, plot, floor, targetY, ticks, months, bars };
}

/**
 * The chart's series: each covered service when there are few, else one series with the lowest SLA
 * uptime of any covered service per month (the guarantee is per service, so the lowest is the one
 * that matters for credits).
 */
export function chartSeries(services: readonly { name: string; values: (number | null)[] }[], lowestName: string, maxSeries = 6): { series: ChartSeries[]; aggregate: boolean } {
  const withData = services.filter((s) => s.values.some((v) => v !== null));
  if (withData.length <= maxSeries) return { series: withData.map((s) => ({ name: s.name, values: s.values })), aggregate: false };
  const months = Math.max(...withData.map((s) => s.values.length));
  const lowest = Array.from({ length: months }, (_, m) => {
    const vs = withData.map((s) => s.values[m]).filter((v): v is number => v !== null && v !== undefined);
    return vs.length === 0 ? null : Math.min(...vs);
  });
  return { series: [{ name: lowestName, values: lowest }], aggregate: true };
}
