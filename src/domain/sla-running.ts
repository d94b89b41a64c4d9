// The running month's SLA, told the way it can be known before the month ends (issue 13).
//
// While a month runs its counted downtime can only grow, and its contractual denominator is the whole
// month (only the covered part when the service starts or is archived during it: sla.ts). So:
//   - the figure a customer can hold us to is the downtime so far;
//   - each credit tier has a downtime budget over the WHOLE month (SLA §02/§06: 99.9 % of a 30-day
//     month allows 2,592 s = 43 min 12 s); what is left of it is budget − downtime so far;
//   - a credit is certain once the downtime so far already exceeds a tier's whole-month budget: the
//     month can end no better than that. Below that nothing is certain yet, so nothing is claimed.
// A month-to-date percentage (downtime / the days gone by) would turn 28 minutes on 2 December into
// 98.56 % and a 25 % credit, which the month as a whole will almost certainly not earn.
//
// Exact integers as in sla.ts: downtime in tenths of a millisecond, denominators in ms. A tier of
// p‰ is kept while 100·D ≤ (1000 − p)·O (the same inequality as meetsUptime).
import { CREDIT_TIERS, creditPercent, LOWEST_CREDIT, type CreditPercent } from './sla.ts';

export interface RunningMonthInput {
  /** Counted downtime so far, tenths of a millisecond. */
  downtimeTenthMs: number;
  /** The month's contractual denominator once it is over (whole month ∩ covered time), ms. */
  contractMs: number;
}

export interface TierBudget {
  /** The uptime that must be kept, e.g. 99.9. */
  uptimePercent: number;
  /** The credit earned once this tier is broken. */
  creditPercentIfBroken: CreditPercent;
  /** Downtime the whole month may have before the tier breaks, seconds. */
  budgetSeconds: number;
  /** budget − downtime so far, seconds; ≤ 0 once broken (0 exactly at the bound is still kept). */
  leftSeconds: number;
  broken: boolean;
}

export interface RunningMonth {
  downtimeSeconds: number;
  /** The credit the month has already earned whatever happens next (0: none certain yet); null without covered time. */
  certainCreditPercent: CreditPercent | null;
  /** Best first: 99.9, 99.0, 98.0. */
  tiers: TierBudget[];
}

export function runningMonth(f: RunningMonthInput): RunningMonth {
  const { downtimeTenthMs: d, contractMs: o } = f;
  const tiers: TierBudget[] = CREDIT_TIERS.map((tier, i) => {
    const share = 1000 - tier.minUptimePermille; // per mille that may be down
    // (1000 − p)·O / 100 tenth-ms = (1000 − p)·O / 10⁶ s: one division of exact integers.
    const leftScaled = share * o - 100 * d;
    return {
      uptimePercent: tier.minUptimePermille / 10,
      creditPercentIfBroken: CREDIT_TIERS[i + 1]?.creditPercent ?? LOWEST_CREDIT,
      budgetSeconds: (share * o) / 1_000_000,
      leftSeconds: leftScaled / 1_000_000,
      broken: leftScaled < 0,
    };
  });
  return {
    downtimeSeconds: d / 10_000,
    // Over the whole month's denominator the downtime so far gives the best tier still possible.
    certainCreditPercent: creditPercent({ observedMs: o, downtimeTenthMs: d }),
    tiers: o > 0 ? tiers : [],
  };
}
