/**
 * A/B(/n) experiment read-out on per-unit metric values: sample-ratio check, the tests for a proportion or a mean
 * metric (treatment − control), an omnibus test with Holm-corrected pairwise comparisons when there are more than
 * two variants, and warnings for a sample-ratio mismatch or an under-powered comparison.
 */
import { TesseraError } from "../model/index.js";
import { mean } from "./stats/descriptive.js";
import { mannWhitneyU, oneWayAnova, studentTTest, welchDiffInterval, welchTTest } from "./stats/mean-tests.js";
import { holmAdjust } from "./stats/multiple-testing.js";
import { meanPower, proportionPower } from "./stats/power.js";
import {
  chiSquareContingency,
  chiSquareGoodnessOfFit,
  type TwoProportionResult,
  twoProportionTest,
} from "./stats/proportion-tests.js";

export type MetricKind = "proportion" | "mean";

export interface VariantSample {
  name: string;
  /** One value per unit; 0/1 for a proportion metric. */
  values: ArrayLike<number>;
}

export interface ExperimentOptions {
  kind: MetricKind;
  /** Defaults to the first variant in sorted name order. */
  control?: string;
  alpha?: number;
  /** Expected traffic weights per variant in the sorted name order; equal split by default. */
  expectedSplit?: readonly number[];
  /** Power below which a warning is raised (0.8). */
  minPower?: number;
  /** p-value of the sample-ratio test below which a mismatch is flagged (0.001). */
  srmThreshold?: number;
}

export interface MeanComparison {
  welch: { t: number; df: number; pValue: number };
  student: { t: number; df: number; pValue: number };
  mannWhitney: { u: number; pValue: number };
  diff: { value: number; ci95: [number, number] };
}

export interface PairwiseComparison {
  variant: string;
  control: string;
  proportion?: TwoProportionResult;
  mean?: MeanComparison;
  /** p-value of the primary test: z for proportions, Welch t for means. */
  pValue: number;
  adjustedPValue: number;
  power: number;
}

export interface ExperimentResult {
  kind: MetricKind;
  control: string;
  alpha: number;
  variants: { name: string; n: number; mean: number }[];
  srm: { chi2: number; pValue: number };
  proportion?: TwoProportionResult;
  mean?: MeanComparison;
  power?: number;
  omnibus?: { test: "chi2" | "anova"; statistic: number; df: number | [number, number]; pValue: number };
  pairwise?: PairwiseComparison[];
  warnings: string[];
}

/** Welch, Student, Mann-Whitney (U of the treatment sample) and the Welch interval of treatment − control. */
export function compareMeans(control: ArrayLike<number>, treatment: ArrayLike<number>): MeanComparison {
  const w = welchTTest(treatment, control);
  const s = studentTTest(treatment, control);
  const mw = mannWhitneyU(treatment, control);
  return {
    welch: { t: w.t, df: w.df, pValue: w.pValue },
    student: s,
    mannWhitney: { u: mw.u, pValue: mw.pValue },
    diff: welchDiffInterval(treatment, control),
  };
}

const successes = (xs: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return s;
};

function compare(kind: MetricKind, c: VariantSample, t: VariantSample, alpha: number) {
  if (kind === "proportion") {
    const cs = { n: c.values.length, successes: successes(c.values) };
    const ts = { n: t.values.length, successes: successes(t.values) };
    const proportion = twoProportionTest(cs, ts);
    const power = proportionPower(cs.successes / cs.n, cs.n, ts.successes / ts.n, ts.n, alpha);
    return { proportion, pValue: proportion.z.pValue, power };
  }
  const m = compareMeans(c.values, t.values);
  const se = welchTTest(t.values, c.values).se;
  return { mean: m, pValue: m.welch.pValue, power: meanPower(m.diff.value, se, alpha) };
}

export function analyzeExperiment(samples: readonly VariantSample[], opts: ExperimentOptions): ExperimentResult {
  const alpha = opts.alpha ?? 0.05;
  const minPower = opts.minPower ?? 0.8;
  const srmThreshold = opts.srmThreshold ?? 0.001;
  const sorted = [...samples].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const controlName = opts.control ?? sorted[0]?.name ?? "";
  const control = sorted.find((s) => s.name === controlName);
  if (!control) {
    throw new TesseraError({
      code: "unknown_control",
      path: ["control"],
      message: `control variant "${controlName}" not found; variants are ${sorted.map((s) => s.name).join(", ")}`,
    });
  }
  if (sorted.length < 2) {
    throw new TesseraError({
      code: "too_few_variants",
      path: ["variants"],
      message: "an experiment needs at least two variants",
    });
  }
  const minUnits = opts.kind === "mean" ? 2 : 1;
  const small = sorted.find((s) => s.values.length < minUnits);
  if (small) {
    throw new TesseraError({
      code: "too_few_units",
      path: ["variants", small.name],
      message: `variant "${small.name}" has ${small.values.length} unit(s); a ${opts.kind} metric needs at least ${minUnits} per variant`,
    });
  }
  const treatments = sorted.filter((s) => s !== control);
  const srmTest = chiSquareGoodnessOfFit(
    sorted.map((s) => s.values.length),
    opts.expectedSplit,
  );
  const warnings: string[] = [];
  if (srmTest.pValue < srmThreshold) {
    warnings.push(
      `sample ratio mismatch: chi2 = ${srmTest.statistic.toPrecision(4)}, p = ${srmTest.pValue.toPrecision(3)} < ${srmThreshold} against the expected split`,
    );
  }
  const result: ExperimentResult = {
    kind: opts.kind,
    control: controlName,
    alpha,
    variants: sorted.map((s) => ({ name: s.name, n: s.values.length, mean: mean(s.values) })),
    srm: { chi2: srmTest.statistic, pValue: srmTest.pValue },
    warnings,
  };
  const pairs = treatments.map((t) => ({ t, ...compare(opts.kind, control, t, alpha) }));
  for (const p of pairs) {
    if (p.mean && Number.isNaN(p.mean.welch.t)) {
      warnings.push(
        `zero variance: ${p.t.name} and ${controlName} are both constant, so the t tests are undefined (null)`,
      );
    }
    if (p.power < minPower) {
      warnings.push(
        `under-powered: ${p.t.name} vs ${controlName} has power ${p.power.toFixed(3)} < ${minPower} for the observed effect at alpha ${alpha}`,
      );
    }
  }
  if (pairs.length === 1) {
    const p = pairs[0]!;
    if (p.proportion) result.proportion = p.proportion;
    if (p.mean) result.mean = p.mean;
    result.power = p.power;
    return result;
  }
  if (opts.kind === "proportion") {
    const table = sorted.map((s) => {
      const k = successes(s.values);
      return [k, s.values.length - k];
    });
    const c = chiSquareContingency(table);
    result.omnibus = { test: "chi2", statistic: c.statistic, df: c.df, pValue: c.pValue };
  } else {
    const a = oneWayAnova(sorted.map((s) => s.values));
    result.omnibus = { test: "anova", statistic: a.f, df: [a.df1, a.df2], pValue: a.pValue };
  }
  const adjusted = holmAdjust(pairs.map((p) => p.pValue));
  result.pairwise = pairs.map((p, i) => {
    const row: PairwiseComparison = {
      variant: p.t.name,
      control: controlName,
      pValue: p.pValue,
      adjustedPValue: adjusted[i]!,
      power: p.power,
    };
    if (p.proportion) row.proportion = p.proportion;
    if (p.mean) row.mean = p.mean;
    return row;
  });
  return result;
}
