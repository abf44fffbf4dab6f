import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ks2 } from "./ks-two-sample.js";
import { meanPower, meanSampleSize, proportionPower, proportionSampleSize } from "./power.js";

const close = (actual: number, expected: number, rel: number): void => {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(rel * Math.abs(expected));
};

describe("sample size", () => {
  it("proportions 10% → 12%, alpha 0.05, power 0.8: the three formulas", () => {
    // Evaluated in numpy with scipy.stats.norm.ppf quantiles (z 1.959963984540054, 0.8416212335729143):
    // pooled/unpooled (Fleiss, no continuity correction) 3840.847482436276, unpooled 3838.1021900967085,
    // Cohen's h 3834.605132347649 (statsmodels NormalIndPower.solve_power(effect_size=h) uses the same 2((zα+zβ)/h)²).
    const r = proportionSampleSize(0.1, 0.12);
    close(r.perGroup, 3840.847482436276, 1e-12);
    close(r.unpooled, 3838.1021900967085, 1e-12);
    close(r.cohensH, 3834.605132347649, 1e-12);
  });

  it("mean difference: sd 10, delta 2 → 2((zα/2 + zβ)·5)² = 392.44398671745444", () => {
    close(meanSampleSize(10, 2).perGroup, 392.44398671745444, 1e-12);
  });

  it("the sample size gives the requested power back (property)", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.02, max: 0.5, noNaN: true }),
        fc.double({ min: 0.05, max: 0.5, noNaN: true }),
        (p1, rel) => {
          const p2 = p1 * (1 + rel);
          const n = proportionSampleSize(p1, p2).perGroup;
          // proportionPower pools the observed rates under H0, the same as the sample-size formula for equal n.
          expect(proportionPower(p1, n, p2, n)).toBeCloseTo(0.8, 2);
        },
      ),
      { numRuns: 100 },
    );
    const n = meanSampleSize(3, 0.5).perGroup;
    expect(meanPower(0.5, 3 * Math.sqrt(2 / n))).toBeCloseTo(0.8, 3);
  });
});

describe("two-sample Kolmogorov–Smirnov", () => {
  it("exact p matches scipy.stats.ks_2samp(method='auto') on small samples", () => {
    // ks_2samp([1..10], [5.5, 6.5, …, 12.5]) → D 0.5, p 0.1659582247817542
    const a = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    const b = [5.5, 6.5, 7.5, 8.5, 9.5, 10.5, 11.5, 12.5];
    const r = ks2(a, b);
    expect(r.method).toBe("exact");
    close(r.d, 0.5, 1e-15);
    close(r.pValue, 0.1659582247817542, 1e-12);
    // ks_2samp(arange(20), arange(20) + 5.5) → D 0.3, p 0.33559098126008213 (equal sizes)
    const x = Array.from({ length: 20 }, (_, i) => i);
    const s = ks2(
      x,
      x.map((v) => v + 5.5),
    );
    close(s.d, 0.3, 1e-15);
    close(s.pValue, 0.33559098126008213, 1e-12);
    // With ties: ks_2samp([1.2,3.4,2.2,5.1,0.3,2.2,4.4,6.1], [2.5,3.3,7.1,8.2,4.4,9.0,5.5]) → 0.5, 0.19254079254079257
    const t = ks2([1.2, 3.4, 2.2, 5.1, 0.3, 2.2, 4.4, 6.1], [2.5, 3.3, 7.1, 8.2, 4.4, 9.0, 5.5]);
    close(t.pValue, 0.19254079254079257, 1e-12);
  });

  it("asymptotic p is the Kolmogorov limit at √(mn/(m+n))·D, as R's ks.test(exact = FALSE)", () => {
    const t = ks2([1.2, 3.4, 2.2, 5.1, 0.3, 2.2, 4.4, 6.1], [2.5, 3.3, 7.1, 8.2, 4.4, 9.0, 5.5], "asymptotic");
    // scipy.stats.kstwobign.sf(sqrt(56/15)·0.5) = 0.3081329677736096
    close(t.pValue, 0.3081329677736096, 1e-10);
  });

  it("D ∈ [0, 1], p ∈ [0, 1], identical samples give D = 0 and p = 1 (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
        (a, b) => {
          const r = ks2(a, b);
          expect(r.d).toBeGreaterThanOrEqual(0);
          expect(r.d).toBeLessThanOrEqual(1);
          expect(r.pValue).toBeGreaterThanOrEqual(0);
          expect(r.pValue).toBeLessThanOrEqual(1);
          expect(ks2(a, a)).toMatchObject({ d: 0, pValue: 1 });
        },
      ),
    );
  });
});
