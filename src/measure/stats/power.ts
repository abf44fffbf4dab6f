/** Sample size and power of two-sided two-sample tests (normal approximation). */
import { normalCdf, normalQuantile } from "./distributions.js";

export interface ProportionSampleSize {
  /** Pooled variance under H0, unpooled under H1 (Fleiss without continuity correction). */
  perGroup: number;
  /** Unpooled variance in both terms. */
  unpooled: number;
  /** Via Cohen's effect size h = 2·asin√p₂ − 2·asin√p₁. */
  cohensH: number;
}

/** Per-group sample size to detect p1 → p2 with a two-sided test at `alpha` with `power`; not rounded. */
export function proportionSampleSize(p1: number, p2: number, alpha = 0.05, power = 0.8): ProportionSampleSize {
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  const pBar = (p1 + p2) / 2;
  const d2 = (p1 - p2) * (p1 - p2);
  const s1 = Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  const s0 = Math.sqrt(2 * pBar * (1 - pBar));
  const h = 2 * Math.asin(Math.sqrt(p2)) - 2 * Math.asin(Math.sqrt(p1));
  return {
    perGroup: (za * s0 + zb * s1) ** 2 / d2,
    unpooled: ((za + zb) * s1) ** 2 / d2,
    cohensH: 2 * ((za + zb) / h) ** 2,
  };
}

/** Per-group sample size to detect a mean difference `delta` with common standard deviation `sd`; not rounded. */
export function meanSampleSize(sd: number, delta: number, alpha = 0.05, power = 0.8): { perGroup: number } {
  const za = normalQuantile(1 - alpha / 2);
  const zb = normalQuantile(power);
  return { perGroup: 2 * (((za + zb) * sd) / delta) ** 2 };
}

/**
 * Power of the two-sided two-proportion z test for the rates observed, with the pooled standard error under H0
 * and the unpooled one under H1.
 */
export function proportionPower(p1: number, n1: number, p2: number, n2: number, alpha = 0.05): number {
  const za = normalQuantile(1 - alpha / 2);
  const pBar = (p1 * n1 + p2 * n2) / (n1 + n2);
  const se0 = Math.sqrt(pBar * (1 - pBar) * (1 / n1 + 1 / n2));
  const se1 = Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2);
  const d = Math.abs(p2 - p1);
  if (se1 === 0) return d > 0 ? 1 : alpha;
  return normalCdf((d - za * se0) / se1) + normalCdf((-d - za * se0) / se1);
}

/** Power of a two-sided test of a difference `delta` whose standard error is `se` (normal approximation). */
export function meanPower(delta: number, se: number, alpha = 0.05): number {
  const za = normalQuantile(1 - alpha / 2);
  if (!(se > 0)) return Math.abs(delta) > 0 ? 1 : alpha;
  const d = Math.abs(delta) / se;
  return normalCdf(d - za) + normalCdf(-d - za);
}
