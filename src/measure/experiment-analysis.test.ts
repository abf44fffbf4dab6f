import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeExperiment } from "./experiment-analysis.js";
import { holdoutLift } from "./holdout-lift.js";
import { kpiIndex, kpiSummary } from "./kpis.js";

const bernoulli = (n: number, k: number): Float64Array => {
  const a = new Float64Array(n);
  a.fill(1, 0, k);
  return a;
};

describe("experiment analysis", () => {
  it("two variants, proportion: control defaults to the first name, diff = treatment − control", () => {
    const r = analyzeExperiment(
      [
        { name: "treatment", values: bernoulli(70, 30) },
        { name: "control", values: bernoulli(30, 10) },
      ],
      { kind: "proportion" },
    );
    expect(r.control).toBe("control");
    expect(r.variants.map((v) => v.name)).toEqual(["control", "treatment"]);
    // the [[10, 20], [30, 40]] table of the chi-square reference case (scipy.stats.chi2_contingency)
    expect(r.proportion!.chi2Yates.statistic).toBeCloseTo(0.4464285714285714, 13);
    expect(r.proportion!.diff.value).toBeCloseTo(30 / 70 - 1 / 3, 15);
    // 30 vs 70 units against an equal split: chisquare([30, 70]) = 16, p = 6.334e-05 < 0.001 → flagged
    expect(r.srm.chi2).toBeCloseTo(16, 12);
    expect(r.warnings.some((w) => w.startsWith("sample ratio mismatch"))).toBe(true);
    expect(r.warnings.some((w) => w.startsWith("under-powered"))).toBe(true);
    expect(r.pairwise).toBeUndefined();
  });

  it("flags a sample-ratio mismatch below p = 0.001 and honours an expected split", () => {
    const samples = [
      { name: "A", values: bernoulli(5200, 520) },
      { name: "B", values: bernoulli(4800, 600) },
    ];
    // chisquare([5200, 4800]) = 16, p = 6.334248366623988e-05 < 0.001
    const r = analyzeExperiment(samples, { kind: "proportion" });
    expect(r.srm.pValue).toBeCloseTo(6.334248366623988e-5, 15);
    expect(r.warnings.some((w) => w.startsWith("sample ratio mismatch"))).toBe(true);
    const ok = analyzeExperiment(samples, { kind: "proportion", expectedSplit: [52, 48] });
    expect(ok.srm.chi2).toBeCloseTo(0, 12);
    expect(ok.warnings.some((w) => w.startsWith("sample ratio mismatch"))).toBe(false);
  });

  it("mean metric: Welch, Student, Mann-Whitney U of the treatment sample", () => {
    const r = analyzeExperiment(
      [
        { name: "a", values: [1, 2, 3, 4, 5] },
        { name: "b", values: [10, 12, 14, 16] },
      ],
      { kind: "mean" },
    );
    // scipy.stats.ttest_ind([10,12,14,16], [1,2,3,4,5], equal_var=False) and mannwhitneyu(b, a)
    expect(r.mean!.welch.df).toBeCloseTo(4.749414519906323, 12);
    expect(r.mean!.mannWhitney.u).toBe(20);
    expect(r.mean!.diff.value).toBe(10);
  });

  it("more than two variants: omnibus test and Holm-corrected pairwise comparisons against control", () => {
    const r = analyzeExperiment(
      [
        { name: "a", values: bernoulli(1000, 50) },
        { name: "b", values: bernoulli(1000, 65) },
        { name: "c", values: bernoulli(1000, 80) },
      ],
      { kind: "proportion" },
    );
    // scipy.stats.chi2_contingency([[50,950],[65,935],[80,920]]) → 7.404360345536816, p 0.024669683625868327
    expect(r.omnibus!.statistic).toBeCloseTo(7.404360345536816, 12);
    expect(r.omnibus!.pValue).toBeCloseTo(0.024669683625868327, 12);
    expect(r.pairwise!.map((p) => p.variant)).toEqual(["b", "c"]);
    const [b, c] = r.pairwise!;
    expect(c!.adjustedPValue).toBeCloseTo(2 * c!.pValue, 14); // smallest p × 2
    expect(b!.adjustedPValue).toBeCloseTo(Math.max(b!.pValue, 2 * c!.pValue), 14);
    expect(r.proportion).toBeUndefined();
    const m = analyzeExperiment(
      [
        { name: "x", values: [0.0571, 0.0813, 0.0831, 0.0976, 0.0817, 0.0859, 0.0735, 0.0659, 0.0923, 0.0836] },
        { name: "y", values: [0.0873, 0.0662, 0.0672, 0.0819, 0.0749, 0.0649, 0.0835, 0.0725] },
        { name: "z", values: [0.0974, 0.1352, 0.0817, 0.1016, 0.0968, 0.1064, 0.105] },
      ],
      { kind: "mean", control: "y" },
    );
    expect(m.omnibus!.test).toBe("anova");
    expect(m.pairwise!.map((p) => p.variant)).toEqual(["x", "z"]);
  });

  it("constant metric: t tests undefined (NaN → null in JSON) with a warning", () => {
    const r = analyzeExperiment(
      [
        { name: "a", values: [5, 5] },
        { name: "b", values: [5, 5, 5] },
      ],
      { kind: "mean" },
    );
    expect(r.mean!.welch.pValue).toBeNaN();
    expect(r.mean!.mannWhitney.pValue).toBe(1);
    expect(r.warnings.some((w) => w.startsWith("zero variance"))).toBe(true);
  });

  it("rejects an unknown control with a coded error", () => {
    expect(() =>
      analyzeExperiment(
        [
          { name: "a", values: [1] },
          { name: "b", values: [0] },
        ],
        { kind: "proportion", control: "zz" },
      ),
    ).toThrow(/control variant "zz" not found/);
  });

  it("all p-values lie in [0, 1] and Holm p ≥ raw p (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ n: fc.integer({ min: 5, max: 400 }), f: fc.double({ min: 0, max: 1, noNaN: true }) }), {
          minLength: 2,
          maxLength: 5,
        }),
        (groups) => {
          const r = analyzeExperiment(
            groups.map((g, i) => ({ name: `v${i}`, values: bernoulli(g.n, Math.round(g.n * g.f)) })),
            { kind: "proportion" },
          );
          const ps = [r.srm.pValue, r.omnibus?.pValue, r.proportion?.z.pValue, r.proportion?.chi2Yates.pValue];
          for (const p of r.pairwise ?? []) {
            ps.push(p.pValue, p.adjustedPValue);
            expect(p.adjustedPValue).toBeGreaterThanOrEqual(p.pValue);
          }
          for (const p of ps) {
            if (p === undefined) continue;
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("holdout lift and KPIs", () => {
  it("treated 120/1000 vs holdout 100/1000", () => {
    // numpy/scipy: Wald diff CI 0.02 ± 1.959964·√(.12·.88/1000 + .1·.9/1000) = (−0.007411481998019935, 0.047411481998019936);
    // Katz log-RR CI exp(ln 1.2 ± z·√(1/120 − 1/1000 + 1/100 − 1/1000)) − 1 = (−0.06589424893700613, 0.5415813448973079);
    // pooled z test p = 0.15291778186394606.
    const r = holdoutLift({ n: 1000, successes: 120 }, { n: 1000, successes: 100 });
    expect(r.absolute.value).toBeCloseTo(0.02, 15);
    expect(r.absolute.ci95[0]).toBeCloseTo(-0.007411481998019935, 13);
    expect(r.absolute.ci95[1]).toBeCloseTo(0.047411481998019936, 13);
    expect(r.relative!.value).toBeCloseTo(0.2, 14);
    expect(r.relative!.ci95[0]).toBeCloseTo(-0.06589424893700613, 13);
    expect(r.relative!.ci95[1]).toBeCloseTo(0.5415813448973079, 13);
    expect(r.pValue).toBeCloseTo(0.15291778186394606, 13);
    expect(r.incrementalConversions).toBeCloseTo(20, 12);
    expect(holdoutLift({ n: 10, successes: 1 }, { n: 10, successes: 0 }).relative).toBeNull();
  });

  it("KPI summary and index against a baseline", () => {
    const s = kpiSummary([
      { orders: 0, revenue: 0 },
      { orders: 1, revenue: 30 },
      { orders: 3, revenue: 90 },
      { orders: 0, revenue: 0 },
    ]);
    expect(s).toEqual({
      customers: 4,
      conversionRate: 0.5,
      revenuePerCustomer: 30,
      averageOrderValue: 30,
      ordersPerCustomer: 1,
      repeatRate: 0.5,
    });
    const base = kpiSummary([
      { orders: 1, revenue: 20 },
      { orders: 0, revenue: 0 },
    ]);
    expect(kpiIndex(s, base).revenuePerCustomer).toBeCloseTo(2, 15);
    expect(kpiSummary([]).conversionRate).toBeNaN();
  });
});
