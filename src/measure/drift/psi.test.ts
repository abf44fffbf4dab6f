import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { driftReport } from "./drift-report.js";
import { driftLevel, psi, quantileEdges } from "./psi.js";

describe("population stability index", () => {
  const expected = Array.from({ length: 100 }, (_, i) => i);
  it("cuts at numpy-linear deciles of the expected sample", () => {
    // numpy.quantile(arange(100), [.1, …, .9]) = [9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.1]
    const edges = Array.from(quantileEdges(expected, 10));
    [9.9, 19.8, 29.7, 39.6, 49.5, 59.4, 69.3, 79.2, 89.1].forEach((e, i) => {
      expect(edges[i]).toBeCloseTo(e, 12);
    });
  });

  it("deterministic case: 20 % in the first bin, nothing in the last", () => {
    // actual = 0..9 twice (bin [−∞, 9.9)) and 10..89 (10 per middle bin); shares 0.2, 0.1 × 8, 0 (floored to 1e-6).
    // PSI = (0.2 − 0.1)·ln 2 + (1e-6 − 0.1)·ln(1e-6 / 0.1) = 1.2205957516275525 (numpy).
    const actual = [...Array.from({ length: 10 }, (_, i) => i), ...Array.from({ length: 90 }, (_, i) => i)];
    const r = psi(expected, actual);
    expect(r.psi).toBeCloseTo(1.2205957516275525, 12);
    expect(r.bins).toHaveLength(10);
    expect(r.bins[0]).toMatchObject({ lower: null, expected: 0.1, actual: 0.2 });
    expect(r.bins[9]).toMatchObject({ upper: null, expected: 0.1, actual: 0 });
    expect(driftLevel(r.psi)).toBe("alert");
  });

  it("removes duplicate edges and puts a value equal to an edge in the upper bin", () => {
    const heavy = [...new Array(50).fill(0), ...Array.from({ length: 50 }, (_, i) => i + 1)];
    const edges = Array.from(quantileEdges(heavy, 10));
    expect(edges[0]).toBe(0); // the 10 %–40 % quantiles are all 0 and collapse into one edge
    expect(new Set(edges).size).toBe(edges.length);
    const r = psi(heavy, [0, 0, 0, 0]);
    expect(r.bins[0]!.actual).toBe(0); // 0 belongs to [0, next), not (−∞, 0)
    expect(r.bins[1]!.actual).toBe(1);
  });

  it("thresholds: < 0.1 ok, [0.1, 0.25) watch, ≥ 0.25 alert", () => {
    expect([driftLevel(0.0999), driftLevel(0.1), driftLevel(0.2499), driftLevel(0.25)]).toEqual([
      "ok",
      "watch",
      "watch",
      "alert",
    ]);
  });

  it("PSI ≥ 0, identical samples give 0, shares sum to 1 (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }),
        fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (e, a) => {
          const r = psi(e, a);
          expect(r.psi).toBeGreaterThanOrEqual(0);
          expect(psi(e, e).psi).toBe(0);
          const se = r.bins.reduce((s, b) => s + b.expected, 0);
          const sa = r.bins.reduce((s, b) => s + b.actual, 0);
          expect(se).toBeCloseTo(1, 12);
          expect(sa).toBeCloseTo(1, 12);
        },
      ),
    );
  });

  it("drift report combines PSI, KS and the level", () => {
    const r = driftReport(
      expected,
      expected.map((v) => v + 50),
    );
    expect(r.ks.d).toBeCloseTo(0.5, 15);
    expect(r.level).toBe("alert");
  });
});
