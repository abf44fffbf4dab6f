/** Tests on conversion counts: 2×2 chi-square (with and without Yates), pooled z, k×2 chi-square, goodness of fit. */
import { chiSquareSf, normalQuantile, normalTwoSidedP } from "./distributions.js";

export interface Counts {
  n: number;
  successes: number;
}

export interface TestResult {
  statistic: number;
  pValue: number;
}

export interface TwoProportionResult {
  chi2: TestResult;
  chi2Yates: TestResult;
  z: TestResult;
  diff: { value: number; ci95: [number, number] };
  relativeLift: number | null;
}

/**
 * Pearson chi-square of an r×c table of counts; with `yates` each |O − E| is reduced by ½ (never below 0), the way
 * scipy.stats.chi2_contingency corrects when there is one degree of freedom.
 */
export function chiSquareContingency(
  table: readonly (readonly number[])[],
  yates = false,
): TestResult & { df: number } {
  const r = table.length;
  const c = table[0]?.length ?? 0;
  const rowSums = table.map((row) => row.reduce((a, b) => a + b, 0));
  const colSums = new Array<number>(c).fill(0);
  for (const row of table) for (let j = 0; j < c; j++) colSums[j]! += row[j]!;
  const total = rowSums.reduce((a, b) => a + b, 0);
  const df = (r - 1) * (c - 1);
  let stat = 0;
  for (let i = 0; i < r; i++) {
    for (let j = 0; j < c; j++) {
      const e = (rowSums[i]! * colSums[j]!) / total;
      if (e === 0) continue;
      let d = Math.abs(table[i]![j]! - e);
      if (yates && df === 1) d = Math.max(0, d - 0.5);
      stat += (d * d) / e;
    }
  }
  return { statistic: stat, pValue: df > 0 ? chiSquareSf(stat, df) : 1, df };
}

/** Chi-square goodness of fit of observed counts to expected weights (normalised to the observed total). */
export function chiSquareGoodnessOfFit(
  observed: readonly number[],
  weights?: readonly number[],
): TestResult & { df: number } {
  const k = observed.length;
  const total = observed.reduce((a, b) => a + b, 0);
  const w = weights ?? new Array<number>(k).fill(1);
  const wSum = w.reduce((a, b) => a + b, 0);
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const e = (total * w[i]!) / wSum;
    const d = observed[i]! - e;
    if (e > 0) stat += (d * d) / e;
  }
  return { statistic: stat, pValue: k > 1 ? chiSquareSf(stat, k - 1) : 1, df: k - 1 };
}

/** Control versus treatment conversion: tests of equal rates, the difference treatment − control and its Wald CI. */
export function twoProportionTest(control: Counts, treatment: Counts, level = 0.95): TwoProportionResult {
  const table = [
    [control.successes, control.n - control.successes],
    [treatment.successes, treatment.n - treatment.successes],
  ];
  const chi2 = chiSquareContingency(table, false);
  const chi2Yates = chiSquareContingency(table, true);
  const pc = control.successes / control.n;
  const pt = treatment.successes / treatment.n;
  const pooled = (control.successes + treatment.successes) / (control.n + treatment.n);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / control.n + 1 / treatment.n));
  const diff = pt - pc;
  const zStat = se0 > 0 ? diff / se0 : 0;
  const se1 = Math.sqrt((pc * (1 - pc)) / control.n + (pt * (1 - pt)) / treatment.n);
  const zc = normalQuantile(1 - (1 - level) / 2);
  return {
    chi2: { statistic: chi2.statistic, pValue: chi2.pValue },
    chi2Yates: { statistic: chi2Yates.statistic, pValue: chi2Yates.pValue },
    z: { statistic: zStat, pValue: normalTwoSidedP(zStat) },
    diff: { value: diff, ci95: [diff - zc * se1, diff + zc * se1] },
    relativeLift: pc > 0 ? diff / pc : null,
  };
}
