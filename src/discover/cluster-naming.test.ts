import { describe, expect, it } from "vitest";
import { clusterProfiles, nameClusters } from "./cluster-naming.js";
import { bestSilhouetteK, elbowK } from "./k-selection.js";
import { matrix } from "./matrix.js";
import { applyTransforms, inverseTransform, parseTransforms } from "./transforms.js";

describe("nameClusters and clusterProfiles", () => {
  // spend: 10, 10, 100, 100 (mean 55, population sd 45); income: 5, 5, 5, 9 (mean 6, sd √3).
  const X = matrix(new Float64Array([10, 5, 10, 5, 100, 5, 100, 9]), 4, 2);
  const labels = [0, 0, 1, 1];

  it("names clusters after the features with the largest |z|, signed", () => {
    // Cluster 0: spend z = (10 − 55)/45 = −1, income z = (5 − 6)/√3 = −0.577 → "Low total spend · Low income".
    // Cluster 1: spend z = +1, income z = (7 − 6)/√3 = +0.577 → "High total spend · High income".
    expect(nameClusters(X, labels, 2, ["total_spend", "income"])).toEqual([
      "Low total spend · Low income",
      "High total spend · High income",
    ]);
    expect(nameClusters(X, labels, 2, ["total_spend", "income"], { maxTerms: 1 })).toEqual([
      "Low total spend",
      "High total spend",
    ]);
    expect(nameClusters(X, labels, 2, ["total_spend", "income"], { minZ: 2 })).toEqual(["Typical", "Typical (2)"]);
  });

  it("profiles carry sizes, shares, means and z-scores", () => {
    const [p0, p1] = clusterProfiles(X, labels, 2, ["spend", "income"], ["a", "b"]);
    expect(p0).toMatchObject({ label: 0, name: "a", size: 2, share: 0.5, means: { spend: 10, income: 5 } });
    expect(p0!.z["spend"]).toBeCloseTo(-1, 14);
    expect(p1!.z["income"]).toBeCloseTo(1 / Math.sqrt(3), 14);
  });
});

describe("k selection", () => {
  it("elbow: the point farthest from the chord after min–max scaling, worked by hand", () => {
    // x = 0, .25, .5, .75, 1; y = 1, 25/85, 5/85, 2/85, 0; chord x + y = 1; distances ∝ |x + y − 1|:
    // k=2: 0.4559, k=3: 0.4412, k=4: 0.2265 → elbow 2.
    expect(elbowK([1, 2, 3, 4, 5], [100, 40, 20, 17, 15])).toBe(2);
    expect(elbowK([1, 2, 3, 4, 5], [100, 60, 25, 22, 20])).toBe(3);
    expect(elbowK([2, 3], [10, 5])).toBeNull();
  });

  it("best silhouette ignores nulls", () => {
    expect(bestSilhouetteK([1, 2, 3], [null, 0.4, 0.6])).toBe(3);
    expect(bestSilhouetteK([1], [null])).toBeNull();
  });
});

describe("transforms", () => {
  it("apply in order (log1p then zscore with the population sd) and invert back", () => {
    const X = matrix(new Float64Array([0, Math.E - 1, Math.E ** 2 - 1]), 3, 1);
    const { X: T, steps } = applyTransforms(X, parseTransforms("log1p,zscore"));
    // log1p → 0, 1, 2: mean 1, population sd √(2/3) → z = −√1.5, 0, √1.5.
    expect(T.data[0]).toBeCloseTo(-Math.sqrt(1.5), 14);
    expect(T.data[1]).toBeCloseTo(0, 14);
    expect(T.data[2]).toBeCloseTo(Math.sqrt(1.5), 14);
    // The centre of all three in transformed space (0) maps back to expm1(1) = e − 1.
    expect(inverseTransform(new Float64Array([0]), 1, steps)[0]).toBeCloseTo(Math.E - 1, 14);
  });

  it("rejects unknown transforms and log1p of values ≤ −1 with coded errors", () => {
    expect(() => parseTransforms("log,zscore")).toThrow(expect.objectContaining({ code: "transform_unknown" }));
    const bad = matrix(new Float64Array([1, -1]), 2, 1);
    expect(() => applyTransforms(bad, ["log1p"])).toThrow(
      expect.objectContaining({ code: "transform_domain", details: { row: 1, col: 0, value: -1 } }),
    );
  });

  it("zscore leaves a constant feature at 0", () => {
    const { X } = applyTransforms(matrix(new Float64Array([3, 3, 3]), 3, 1), ["zscore"]);
    expect(Array.from(X.data)).toEqual([0, 0, 0]);
  });
});
