import { describe, expect, it } from 'vitest';
import { parsePeriod } from '../../src/domain/periods.ts';
import { computeSla } from '../../src/domain/sla.ts';
import { runningMonth } from '../../src/domain/sla-running.ts';

// November 2026 in Europe/Amsterdam has 30 days = 2,592,000,000 ms; December 31 days = 2,678,400,000 ms.
const NOV_MS = 2_592_000_000;
const DEC_MS = 2_678_400_000;
const S = 1000;
const tenths = (ms: number, weightTenths = 10) => ms * weightTenths;

describe('runningMonth: budgets against the whole month, credits only once certain', () => {
  it('no downtime in November: 43 min 12 s, 7 h 12 min and 14 h 24 min left; no credit', () => {
    const m = runningMonth({ contractMs: NOV_MS, downtimeTenthMs: 0 });
    expect(m.certainCreditPercent).toBe(0);
    expect(m.downtimeSeconds).toBe(0);
    expect(m.tiers).toEqual([
      { uptimePercent: 99.9, creditPercentIfBroken: 10, budgetSeconds: 2_592, leftSeconds: 2_592, broken: false },
      { uptimePercent: 99, creditPercentIfBroken: 25, budgetSeconds: 25_920, leftSeconds: 25_920, broken: false },
      { uptimePercent: 98, creditPercentIfBroken: 50, budgetSeconds: 51_840, leftSeconds: 51_840, broken: false },
    ]);
  });

  it('28 min down by 2 December (issue 13): 16 min 38.4 s left before 99.9 %, no credit (month-to-date would say 25 %)', () => {
    const m = runningMonth({ contractMs: DEC_MS, downtimeTenthMs: tenths(28 * 60 * S) });
    expect(m.downtimeSeconds).toBe(1_680);
    expect(m.certainCreditPercent).toBe(0);
    expect(m.tiers.map((t) => t.leftSeconds)).toEqual([998.4, 25_104, 51_888]);
    expect(m.tiers.map((t) => t.broken)).toEqual([false, false, false]);
  });

  it('exactly the 99.9 % budget keeps the tier; one millisecond more makes 10 % certain', () => {
    const at = runningMonth({ contractMs: NOV_MS, downtimeTenthMs: tenths(2_592 * S) });
    expect(at.tiers[0]).toMatchObject({ leftSeconds: 0, broken: false });
    expect(at.certainCreditPercent).toBe(0);
    const over = runningMonth({ contractMs: NOV_MS, downtimeTenthMs: tenths(2_592 * S + 1) });
    expect(over.tiers[0]).toMatchObject({ leftSeconds: -0.001, broken: true });
    expect(over.tiers[1]!.broken).toBe(false);
    expect(over.certainCreditPercent).toBe(10);
  });

  it('past the 98 % budget the 50 % credit is certain', () => {
    const m = runningMonth({ contractMs: NOV_MS, downtimeTenthMs: tenths(51_841 * S) });
    expect(m.tiers.map((t) => t.broken)).toEqual([true, true, true]);
    expect(m.tiers.map((t) => t.leftSeconds)).toEqual([-49_249, -25_921, -1]);
    expect(m.certainCreditPercent).toBe(50);
  });

  it('partial outage weighs 0.3: 2 h partial = 36 min counted', () => {
    const m = runningMonth({ contractMs: NOV_MS, downtimeTenthMs: tenths(2 * 3_600 * S, 3) });
    expect(m.downtimeSeconds).toBe(2_160);
    expect(m.tiers[0]!.leftSeconds).toBe(432);
  });

  it('no covered time: no credit, no tiers', () => {
    expect(runningMonth({ contractMs: 0, downtimeTenthMs: 0 })).toEqual({ downtimeSeconds: 0, certainCreditPercent: null, tiers: [] });
  });
});

describe('computeSla: final flag and the contractual denominator of the running month', () => {
  const months = parsePeriod('2026-12', 'Europe/Amsterdam')!.months;
  const dec1 = months[0]!.start; // 2026-11-30T23:00Z
  const now = dec1 + 36 * 3_600 * S; // 2 December 12:00 CET

  it('a service created on 2 December is covered from then to the month end, not from the first', () => {
    const created = dec1 + 24 * 3_600 * S; // 2 December 00:00 CET
    const [m] = computeSla({ months, observedFrom: created, now, impacts: [{ status: 'major_outage', start: created, end: created + 3 * 3_600 * S }], exclusions: [], maintenances: [] });
    expect(m!.final).toBe(false);
    expect(m!.observedMs).toBe(12 * 3_600 * S); // so far: 12 h
    expect(m!.contractMs).toBe(30 * 86_400 * S); // 2 Dec 00:00 – 1 Jan 00:00: 30 days
    expect(m!.slaUptimePercent).toBe(75); // the misleading month-to-date figure: 3 h of 12 h
    const r = runningMonth(m!);
    expect(r.downtimeSeconds).toBe(10_800);
    // 10,800 s is past the 99.9 % budget of 30 days (2,592 s), not past 99.0 % (25,920 s): 10 % is certain.
    expect(r.certainCreditPercent).toBe(10);
    expect(r.tiers[1]!.leftSeconds).toBe(15_120);
  });

  it('a month that ended is final and its contractual denominator is its observed time', () => {
    const [m] = computeSla({ months, observedFrom: 0, now: months[0]!.end, impacts: [], exclusions: [], maintenances: [] });
    expect(m!.final).toBe(true);
    expect(m!.contractMs).toBe(m!.observedMs);
    expect(m!.contractMs).toBe(DEC_MS);
  });
});
