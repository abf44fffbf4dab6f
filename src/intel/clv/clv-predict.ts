import { type BgNbdParams, bgNbdExpectedPurchases, bgNbdProbabilityAlive } from "./bg-nbd.js";
import type { FrequencySummary } from "./frequency-summary.js";
import { type GammaGammaParams, gammaGammaExpectedAverage } from "./gamma-gamma.js";

/** An average month: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 365.25 / 12;

export interface ClvOptions {
  /** Months to project (default 12). */
  horizonMonths?: number;
  /** Monthly discount rate d; month i's cash is divided by (1 + d)^i (default 0.01). */
  discountMonthly?: number;
  /** Length of a month in the summary's time unit (weeks: 30.4375 / 7; days: 30.4375). */
  unitsPerMonth: number;
}

export interface ClvPrediction {
  pAlive: number;
  /** Expected purchases over the whole horizon. */
  expectedPurchases: number;
  /** Gamma-Gamma expected mean purchase value; null without a spend model. */
  expectedAvgValue: number | null;
  /** Σᵢ E[purchases in month i] · expectedAvgValue / (1 + d)^i; null without a spend model. */
  clv: number | null;
}

/**
 * Per-customer P(alive), expected purchases and discounted CLV from a BG/NBD (and optionally Gamma-Gamma) fit.
 * Discounting follows lifetimes' `customer_lifetime_value`: the expected purchases of each month are discounted
 * by the month's index.
 */
export function predictClv(
  bg: BgNbdParams,
  gg: GammaGammaParams | undefined,
  s: FrequencySummary,
  opts: ClvOptions,
): ClvPrediction[] {
  const months = opts.horizonMonths ?? 12;
  const d = opts.discountMonthly ?? 0.01;
  const out: ClvPrediction[] = [];
  for (let i = 0; i < s.frequency.length; i++) {
    const x = s.frequency[i]!;
    const tx = s.recency[i]!;
    const T = s.T[i]!;
    const avg = gg && s.monetary ? gammaGammaExpectedAverage(gg, x, s.monetary[i]!) : null;
    let prev = 0;
    let discounted = 0;
    for (let m = 1; m <= months; m++) {
      const cum = bgNbdExpectedPurchases(bg, m * opts.unitsPerMonth, x, tx, T);
      discounted += (cum - prev) / (1 + d) ** m;
      prev = cum;
    }
    out.push({
      pAlive: bgNbdProbabilityAlive(bg, x, tx, T),
      expectedPurchases: prev,
      expectedAvgValue: avg,
      clv: avg === null ? null : avg * discounted,
    });
  }
  return out;
}
