import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { calinskiHarabasz, daviesBouldin, SILHOUETTE_EXACT_MAX, silhouette } from "./cluster-metrics.js";
import { matrix } from "./matrix.js";

const oneD = (xs: number[]) => matrix(new Float64Array(xs), xs.length, 1);

describe("cluster quality metrics (scikit-learn conventions)", () => {
  it("silhouette of [0, 1, 4, 5] labelled [0, 0, 1, 1] is 47/63, computed by hand", () => {
    // a(i) = 1 for every point; b = 4.5, 3.5, 3.5, 4.5 → s = 7/9, 5/7, 5/7, 7/9; mean = 47/63 (sklearn gives the same).
    expect(silhouette(oneD([0, 1, 4, 5]), [0, 0, 1, 1])!).toBeCloseTo(47 / 63, 14);
  });

  it("silhouette gives a singleton cluster's point 0: [0, 1, 4, 10] labelled [0, 0, 1, 2] → 17/48", () => {
    // p0: a = 1, b = min(4, 10) = 4 → 3/4; p1: a = 1, b = min(3, 9) = 3 → 2/3; p2, p3 alone → 0. Mean 17/48.
    expect(silhouette(oneD([0, 1, 4, 10]), [0, 0, 1, 2])!).toBeCloseTo(17 / 48, 14);
  });

  it("silhouette is undefined for one cluster or n clusters", () => {
    expect(silhouette(oneD([0, 1, 2]), [0, 0, 0])).toBeNull();
    expect(silhouette(oneD([0, 1, 2]), [0, 1, 2])).toBeNull();
  });

  it("Davies–Bouldin of [0, 1, 4, 5] / [0, 0, 1, 1] is (0.5 + 0.5) / 4 = 0.25", () => {
    // Centroids 0.5 and 4.5, mean distance to centroid 0.5 in each cluster, centroid distance 4.
    expect(daviesBouldin(oneD([0, 1, 4, 5]), [0, 0, 1, 1])!).toBeCloseTo(0.25, 14);
  });

  it("Davies–Bouldin on three 2-D clusters, by hand", () => {
    // Clusters {(0,0),(2,0)}, {(10,0),(10,2)}, {(0,10)}: S = 1, 1, 0; centroids (1,0), (10,1), (0,10).
    // M01 = √82, M02 = √101, M12 = √181. R0 = max(2/√82, 1/√101) = 2/√82; R1 = max(2/√82, 1/√181) = 2/√82;
    // R2 = max(1/√101, 1/√181) = 1/√101. DB = (4/√82 + 1/√101)/3.
    const X = matrix(new Float64Array([0, 0, 2, 0, 10, 0, 10, 2, 0, 10]), 5, 2);
    expect(daviesBouldin(X, [0, 0, 1, 1, 2])!).toBeCloseTo((4 / Math.sqrt(82) + 1 / Math.sqrt(101)) / 3, 14);
  });

  it("Calinski–Harabasz of [0, 1, 4, 5] / [0, 0, 1, 1] is (16/1)/(1/2) = 32", () => {
    // B = 2·2² + 2·2² = 16 around the grand mean 2.5; W = 4 · 0.5² = 1; k = 2, n = 4.
    expect(calinskiHarabasz(oneD([0, 1, 4, 5]), [0, 0, 1, 1])!).toBeCloseTo(32, 12);
    expect(calinskiHarabasz(oneD([1, 1, 3, 3]), [0, 0, 1, 1])).toBe(1);
    expect(calinskiHarabasz(oneD([1, 2, 3]), [0, 0, 0])).toBeNull();
  });

  it("property: silhouette lies in [−1, 1]", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: -50, max: 50, noNaN: true }), fc.integer({ min: 0, max: 3 })), {
          minLength: 3,
          maxLength: 60,
        }),
        (pts) => {
          const s = silhouette(
            oneD(pts.map((p) => p[0])),
            pts.map((p) => p[1]),
          );
          if (s !== null) {
            expect(s).toBeGreaterThanOrEqual(-1);
            expect(s).toBeLessThanOrEqual(1);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("above the exact limit, the sampled silhouette is seeded (same seed, same value) and close to the truth", () => {
    const n = SILHOUETTE_EXACT_MAX + 500;
    const xs = Array.from({ length: n }, (_, i) => (i % 2 ? 10 : 0) + (i % 7) / 7);
    const labels = xs.map((_, i) => i % 2);
    const a = silhouette(oneD(xs), labels, 1)!;
    expect(silhouette(oneD(xs), labels, 1)).toBe(a);
    // Two tight groups 10 apart: every exact s(i) is above 0.9.
    expect(a).toBeGreaterThan(0.9);
  });
});
