import { DAY_MS } from "../../model/index.js";
import { type BgNbdFit, fitBgNbd } from "../clv/bg-nbd.js";
import { type ClvPrediction, DAYS_PER_MONTH, predictClv } from "../clv/clv-predict.js";
import { fitGammaGamma, type GammaGammaFit } from "../clv/gamma-gamma.js";
import { type CustomerSummary, summarizeTransactions } from "../clv/transaction-summary.js";
import { lifecycleStage } from "../engagement/lifecycle-stage.js";
import { type RfmTable, rfmTable } from "../rfm/rfm-table.js";
import type { StoredPurchase } from "./engine-data.js";

export interface RfmResult {
  table: RfmTable;
  values: Map<string, { score: string; segment: string; r: number; f: number; m: number }>;
}

/** RFM as of asOf: rfmTable over the purchases at or before asOf, snapshot day = asOf's UTC day. */
export function rfmModel(purchases: readonly StoredPurchase[], asOf: number): RfmResult | null {
  if (purchases.length === 0) return null;
  const table = rfmTable(purchases, asOf);
  const values = new Map(
    table.customers.map((c) => [c.id, { score: c.score, segment: c.segment, r: c.r, f: c.f, m: c.m }] as const),
  );
  return { table, values };
}

export interface ClvResult {
  summary: CustomerSummary;
  bg: BgNbdFit;
  /** Absent when too few repeat buyers for a spend model: CLV is then null. */
  gg: GammaGammaFit | null;
  predictions: ClvPrediction[];
}

/** Weeks per average month, the unit the summary is kept in. */
export const WEEKS_PER_MONTH = DAYS_PER_MONTH / 7;

/**
 * BG/NBD + Gamma-Gamma on the weekly calibration summary ending at asOf, 12-month CLV at 1 % monthly discount
 * (the defaults of predictClv).
 */
export function clvModel(purchases: readonly StoredPurchase[], asOf: number): ClvResult | null {
  if (purchases.length === 0) return null;
  const summary = summarizeTransactions(purchases, asOf, "week");
  const bg = fitBgNbd(summary);
  let gg: GammaGammaFit | null = null;
  let repeat = 0;
  for (const x of summary.frequency) if (x > 0) repeat++;
  if (repeat >= 2) {
    try {
      gg = fitGammaGamma(summary.frequency, summary.monetary);
    } catch {
      // A degenerate spend sample (e.g. identical values) has no maximum: CLV stays null, P(alive) still holds.
      gg = null;
    }
  }
  const predictions = predictClv(bg, gg ?? undefined, summary, { unitsPerMonth: WEEKS_PER_MONTH, horizonMonths: 12 });
  return { summary, bg, gg, predictions };
}

/**
 * Lifecycle stage per profile. The expected gap is the customer's posterior mean time between purchases under
 * BG/NBD, (α + T) / (r + x) weeks (the Gamma posterior of the purchase rate), and P(alive) comes from the same fit.
 * Profiles without purchases are prospects.
 */
export function lifecycleModel(
  population: readonly string[],
  purchases: readonly StoredPurchase[],
  clv: ClvResult | null,
  asOf: number,
): Map<string, string> {
  const times = new Map<string, number[]>();
  for (const p of purchases) {
    let t = times.get(p.customer);
    if (!t) {
      t = [];
      times.set(p.customer, t);
    }
    t.push(p.at);
  }
  const index = new Map<string, number>();
  clv?.summary.ids.forEach((id, i) => {
    index.set(id, i);
  });
  const out = new Map<string, string>();
  for (const id of population) {
    const i = index.get(id);
    if (i === undefined || !clv) {
      out.set(
        id,
        lifecycleStage({ purchases: times.get(id) ?? [], now: asOf, expectedGapMs: Number.POSITIVE_INFINITY }),
      );
      continue;
    }
    const x = clv.summary.frequency[i]!;
    const T = clv.summary.T[i]!;
    const gapWeeks = (clv.bg.alpha + T) / (clv.bg.r + x);
    out.set(
      id,
      lifecycleStage({
        purchases: times.get(id) ?? [],
        now: asOf,
        expectedGapMs: gapWeeks * 7 * DAY_MS,
        pAlive: clv.predictions[i]!.pAlive,
      }),
    );
  }
  return out;
}
