/** Tests on a continuous metric: Welch and Student t, Mann-Whitney U (normal approximation), one-way ANOVA. */
import { mean, midranks, type Numbers, variance } from "./descriptive.js";
import { fSf, normalSf, studentTQuantile, studentTTwoSidedP } from "./distributions.js";

export interface TTestResult {
  t: number;
  df: number;
  pValue: number;
}

/** Welch's unequal-variance t test of mean(x) − mean(y) with the Welch–Satterthwaite degrees of freedom. */
export function welchTTest(x: Numbers, y: Numbers): TTestResult & { se: number } {
  const vx = variance(x) / x.length;
  const vy = variance(y) / y.length;
  const se = Math.sqrt(vx + vy);
  const t = (mean(x) - mean(y)) / se;
  const df = ((vx + vy) * (vx + vy)) / ((vx * vx) / (x.length - 1) + (vy * vy) / (y.length - 1));
  return { t, df, pValue: studentTTwoSidedP(t, df), se };
}

/** Student's pooled-variance t test of mean(x) − mean(y). */
export function studentTTest(x: Numbers, y: Numbers): TTestResult {
  const nx = x.length;
  const ny = y.length;
  const df = nx + ny - 2;
  const sp2 = ((nx - 1) * variance(x) + (ny - 1) * variance(y)) / df;
  const t = (mean(x) - mean(y)) / Math.sqrt(sp2 * (1 / nx + 1 / ny));
  return { t, df, pValue: studentTTwoSidedP(t, df) };
}

/** Confidence interval of mean(x) − mean(y) from Welch's standard error and degrees of freedom. */
export function welchDiffInterval(x: Numbers, y: Numbers, level = 0.95): { value: number; ci95: [number, number] } {
  const w = welchTTest(x, y);
  const value = mean(x) - mean(y);
  const q = studentTQuantile(1 - (1 - level) / 2, w.df);
  return { value, ci95: [value - q * w.se, value + q * w.se] };
}

/**
 * Mann-Whitney U of sample x against y, two-sided, normal approximation with tie and continuity correction.
 * `u` is U of x (the count of pairs with x > y plus half the ties), as scipy.stats.mannwhitneyu(x, y) reports it.
 */
export function mannWhitneyU(x: Numbers, y: Numbers): { u: number; z: number; pValue: number } {
  const n1 = x.length;
  const n2 = y.length;
  const all = new Float64Array(n1 + n2);
  for (let i = 0; i < n1; i++) all[i] = x[i]!;
  for (let i = 0; i < n2; i++) all[n1 + i] = y[i]!;
  const { ranks, tieSum } = midranks(all);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const n = n1 + n2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1))));
  // Two-sided: use the larger of U1, U2 so the continuity correction pulls toward the mean.
  const uMax = Math.max(u, n1 * n2 - u);
  const z = sigma > 0 ? (uMax - mu - 0.5) / sigma : 0;
  // z can be negative when U1 = U2; the doubled tail then exceeds 1 and is clipped, as scipy does.
  return { u, z, pValue: sigma > 0 ? Math.min(1, 2 * normalSf(z)) : 1 };
}

/** One-way ANOVA F test of equal means across groups. */
export function oneWayAnova(groups: readonly Numbers[]): { f: number; df1: number; df2: number; pValue: number } {
  const k = groups.length;
  let total = 0;
  let n = 0;
  for (const g of groups) {
    for (let i = 0; i < g.length; i++) total += g[i]!;
    n += g.length;
  }
  const grand = total / n;
  let ssb = 0;
  let ssw = 0;
  for (const g of groups) {
    const m = mean(g);
    ssb += g.length * (m - grand) * (m - grand);
    for (let i = 0; i < g.length; i++) ssw += (g[i]! - m) * (g[i]! - m);
  }
  const df1 = k - 1;
  const df2 = n - k;
  const f = ssb / df1 / (ssw / df2);
  return { f, df1, df2, pValue: fSf(f, df1, df2) };
}
