import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { mean, midranks, quantileSorted, variance } from "./descriptive.js";
import { mannWhitneyU, oneWayAnova, studentTTest, welchDiffInterval, welchTTest } from "./mean-tests.js";
import { holmAdjust } from "./multiple-testing.js";
import { chiSquareContingency, chiSquareGoodnessOfFit, twoProportionTest } from "./proportion-tests.js";

const close = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe("chi-square and z tests on proportions", () => {
  // scipy.stats.chi2_contingency([[10, 20], [30, 40]]). By hand: row sums 30, 70; column sums 40, 60; n = 100;
  // expected [[12, 18], [28, 42]]; every |O − E| = 2. Uncorrected: 4·(1/12 + 1/18 + 1/28 + 1/42) = 0.793650…;
  // Yates: 1.5²·(1/12 + 1/18 + 1/28 + 1/42) = 0.446428…; p = chi2.sf(·, 1): 0.372998…, 0.504035… (scipy 1.17.1).
  const table = [
    [10, 20],
    [30, 40],
  ];
  it("matches the hand-computed 2×2 case with and without Yates' correction", () => {
    const plain = chiSquareContingency(table);
    const yates = chiSquareContingency(table, true);
    close(plain.statistic, 0.7936507936507936, 1e-14);
    close(plain.pValue, 0.37299848361348686, 1e-12);
    close(yates.statistic, 0.4464285714285714, 1e-14);
    close(yates.pValue, 0.5040358664525046, 1e-12);
    expect(yates.df).toBe(1);
  });

  it("the pooled two-proportion z equals the square root of the uncorrected chi-square, with the same p", () => {
    const r = twoProportionTest({ n: 30, successes: 10 }, { n: 70, successes: 30 });
    close(r.z.statistic, Math.sqrt(0.7936507936507936), 1e-13);
    close(r.z.pValue, r.chi2.pValue, 1e-12);
    close(r.diff.value, 30 / 70 - 10 / 30, 1e-15);
    close(r.relativeLift!, (30 / 70 - 10 / 30) / (10 / 30), 1e-14);
  });

  it("z² = uncorrected chi-square for any 2×2 table (property)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 5000 }),
        fc.integer({ min: 2, max: 5000 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (n1, n2, f1, f2) => {
          const a = { n: n1, successes: Math.round(n1 * f1) };
          const b = { n: n2, successes: Math.round(n2 * f2) };
          const r = twoProportionTest(a, b);
          expect(Math.abs(r.z.statistic ** 2 - r.chi2.statistic)).toBeLessThanOrEqual(
            1e-9 * Math.max(1, r.chi2.statistic),
          );
          for (const p of [r.z.pValue, r.chi2.pValue, r.chi2Yates.pValue]) {
            expect(p).toBeGreaterThanOrEqual(0);
            expect(p).toBeLessThanOrEqual(1);
          }
          expect(r.chi2Yates.statistic).toBeLessThanOrEqual(r.chi2.statistic + 1e-12);
          expect(r.diff.ci95[0]).toBeLessThanOrEqual(r.diff.value);
          expect(r.diff.ci95[1]).toBeGreaterThanOrEqual(r.diff.value);
        },
      ),
    );
  });

  it("k×2 chi-square and goodness of fit match scipy", () => {
    // scipy.stats.chi2_contingency([[50,950],[65,935],[80,920]]) → 7.404360345536816, p 0.024669683625868327, dof 2
    const k = chiSquareContingency([
      [50, 950],
      [65, 935],
      [80, 920],
    ]);
    close(k.statistic, 7.404360345536816, 1e-13);
    close(k.pValue, 0.024669683625868327, 1e-11);
    // scipy.stats.chisquare([5200, 4800]) → 16.0, 6.334248366623988e-05; chisquare([500,300,200],[500,250,250]) → 20, 4.539992976248486e-05
    const g = chiSquareGoodnessOfFit([5200, 4800]);
    close(g.statistic, 16, 1e-14);
    close(g.pValue, 6.334248366623988e-5, 1e-11);
    const w = chiSquareGoodnessOfFit([500, 300, 200], [50, 25, 25]);
    close(w.statistic, 20, 1e-14);
    close(w.pValue, 4.539992976248486e-5, 1e-11);
  });
});

describe("tests on means", () => {
  const x = [1, 2, 3, 4, 5];
  const y = [10, 12, 14, 16];
  it("Welch–Satterthwaite worked example", () => {
    // s²x = 2.5, s²y = 20/3; vx = 2.5/5 = 0.5, vy = (20/3)/4 = 5/3; df = (0.5 + 5/3)² / (0.5²/4 + (5/3)²/3)
    //    = 4.694444 / 0.988426 = 4.749414519906323; t = (13 − 3)/√(13/6) = 6.793662204867575.
    // scipy.stats.ttest_ind(y, x, equal_var=False): t 6.793662204867575, p 0.0012868985753061283,
    // df 4.749414519906323, confidence_interval() (6.15536361605991, 13.84463638394009).
    const w = welchTTest(y, x);
    close(w.df, 4.749414519906323, 1e-14);
    close(w.t, 6.793662204867575, 1e-14);
    close(w.pValue, 0.0012868985753061283, 1e-10);
    const ci = welchDiffInterval(y, x);
    close(ci.value, 10, 1e-15);
    close(ci.ci95[0], 6.15536361605991, 1e-11);
    close(ci.ci95[1], 13.84463638394009, 1e-11);
  });

  it("Student pooled t matches scipy.stats.ttest_ind(y, x)", () => {
    const s = studentTTest(y, x);
    expect(s.df).toBe(7);
    close(s.t, 7.200822998230956, 1e-14);
    close(s.pValue, 0.00017732927442122093, 1e-10);
  });

  it("Mann-Whitney with ties matches scipy.stats.mannwhitneyu(use_continuity=True, method='asymptotic')", () => {
    const a = [1, 2, 2, 3, 3, 3, 4, 5];
    const b = [3, 4, 4, 5, 5, 6, 7, 7, 8];
    // mannwhitneyu(b, a) → U 64.5, p 0.006373133838085873; mannwhitneyu(a, b) → U 7.5, same p.
    const ba = mannWhitneyU(b, a);
    close(ba.u, 64.5, 1e-15);
    close(ba.pValue, 0.006373133838085873, 1e-10);
    const ab = mannWhitneyU(a, b);
    close(ab.u, 7.5, 1e-15);
    close(ab.pValue, 0.006373133838085873, 1e-10);
  });

  it("Mann-Whitney on identical samples gives p = 1 (continuity correction clipped like scipy)", () => {
    expect(mannWhitneyU([1, 2, 3], [1, 2, 3]).pValue).toBe(1);
  });

  it("one-way ANOVA matches the scipy.stats.f_oneway documentation example (mussel shells)", () => {
    const tillamook = [0.0571, 0.0813, 0.0831, 0.0976, 0.0817, 0.0859, 0.0735, 0.0659, 0.0923, 0.0836];
    const newport = [0.0873, 0.0662, 0.0672, 0.0819, 0.0749, 0.0649, 0.0835, 0.0725];
    const petersburg = [0.0974, 0.1352, 0.0817, 0.1016, 0.0968, 0.1064, 0.105];
    const magadan = [0.1033, 0.0915, 0.0781, 0.0685, 0.0677, 0.0697, 0.0764, 0.0689];
    const tvarminne = [0.0703, 0.1026, 0.0956, 0.0973, 0.1039, 0.1045];
    const r = oneWayAnova([tillamook, newport, petersburg, magadan, tvarminne]);
    close(r.f, 7.121019471642447, 1e-12);
    close(r.pValue, 0.0002812242314534544, 1e-9);
    expect([r.df1, r.df2]).toEqual([4, 34]);
  });

  it("descriptive helpers: numpy linear quantile, sample variance, midranks with the tie sum", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.1)).toBeCloseTo(1.3, 14); // numpy.quantile([1,2,3,4], 0.1) = 1.3
    expect(variance([1, 2, 3, 4, 5])).toBeCloseTo(2.5, 14);
    expect(mean([])).toBeNaN();
    const m = midranks([3, 1, 3, 2]);
    expect(Array.from(m.ranks)).toEqual([3.5, 1, 3.5, 2]);
    expect(m.tieSum).toBe(6);
  });
});

describe("Holm correction", () => {
  it("adjusts a worked example: p = [0.01, 0.04, 0.03, 0.005]", () => {
    // sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 = 0.04 → max-accumulated 0.06
    const adj = holmAdjust([0.01, 0.04, 0.03, 0.005]);
    const want = [0.03, 0.06, 0.06, 0.02];
    adj.forEach((v, i) => {
      expect(v).toBeCloseTo(want[i]!, 15);
    });
  });

  it("adjusted p ≥ raw p, ≤ 1, and monotone in the raw order (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 30 }), (ps) => {
        const adj = holmAdjust(ps);
        ps.forEach((p, i) => {
          expect(adj[i]!).toBeGreaterThanOrEqual(p);
          expect(adj[i]!).toBeLessThanOrEqual(1);
        });
        for (let i = 0; i < ps.length; i++) {
          for (let j = 0; j < ps.length; j++) if (ps[i]! < ps[j]!) expect(adj[i]!).toBeLessThanOrEqual(adj[j]!);
        }
      }),
    );
  });
});
