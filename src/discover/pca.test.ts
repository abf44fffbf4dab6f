import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { jacobiEigen } from "./jacobi-eigen.js";
import { matrix } from "./matrix.js";
import { pca } from "./pca.js";

describe("jacobiEigen", () => {
  it("finds the textbook eigenvalues 2 + √2, 2, 2 − √2 of tridiag(−1, 2, −1)", () => {
    const { values } = jacobiEigen(new Float64Array([2, -1, 0, -1, 2, -1, 0, -1, 2]), 3);
    expect(values[0]).toBeCloseTo(2 + Math.SQRT2, 13);
    expect(values[1]).toBeCloseTo(2, 13);
    expect(values[2]).toBeCloseTo(2 - Math.SQRT2, 13);
  });

  it("property: A·v = λ·v with orthonormal v for random symmetric matrices", () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 6 })
          .chain((p) =>
            fc.tuple(
              fc.constant(p),
              fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: p * p, maxLength: p * p }),
            ),
          ),
        ([p, xs]) => {
          const a = new Float64Array(p * p);
          for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) a[i * p + j] = (xs[i * p + j]! + xs[j * p + i]!) / 2;
          const { values, vectors } = jacobiEigen(a, p);
          for (let c = 0; c < p; c++) {
            let norm = 0;
            for (let i = 0; i < p; i++) {
              let av = 0;
              for (let j = 0; j < p; j++) av += a[i * p + j]! * vectors[j * p + c]!;
              expect(Math.abs(av - values[c]! * vectors[i * p + c]!)).toBeLessThan(1e-9);
              norm += vectors[i * p + c]! ** 2;
            }
            expect(norm).toBeCloseTo(1, 12);
            if (c > 0) expect(values[c]!).toBeLessThanOrEqual(values[c - 1]! + 1e-12);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("pca", () => {
  it("recovers the axes of a covariance computed by hand", () => {
    // Rows (2,0),(0,2),(−2,0),(0,−2),(1,1),(−1,−1): mean 0, Σx² = Σy² = 10, Σxy = 2, so the sample covariance
    // (n − 1 = 5) is [[2, 0.4], [0.4, 2]]: eigenvalues 2.4 and 1.6 on (1,1)/√2 and (1,−1)/√2; ratios 0.6 and 0.4.
    const X = matrix(new Float64Array([2, 0, 0, 2, -2, 0, 0, -2, 1, 1, -1, -1]), 6, 2);
    const r = pca(X, 2);
    expect(r.explainedVariance[0]).toBeCloseTo(2.4, 13);
    expect(r.explainedVariance[1]).toBeCloseTo(1.6, 13);
    expect(r.explainedVarianceRatio[0]).toBeCloseTo(0.6, 13);
    expect(r.explainedVarianceRatio[1]).toBeCloseTo(0.4, 13);
    expect(r.components[0]![0]).toBeCloseTo(Math.SQRT1_2, 13);
    expect(r.components[0]![1]).toBeCloseTo(Math.SQRT1_2, 13);
    expect(Math.abs(r.components[1]![0]!)).toBeCloseTo(Math.SQRT1_2, 13);
    expect(r.components[1]![0]! * r.components[1]![1]!).toBeCloseTo(-0.5, 13);
    // (1,1) projects to √2 on the first axis.
    expect(r.scores[4 * 2]).toBeCloseTo(Math.SQRT2, 13);
  });
});
