import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { copheneticCorrelation } from "./cophenetic.js";
import { matrix } from "./matrix.js";
import { cutTree, type Linkage, wardLinkage } from "./ward.js";

const oneD = (xs: number[]) => matrix(new Float64Array(xs), xs.length, 1);

/**
 * O(n³) greedy Ward: merge the pair with the smallest Ward distance sqrt(2·|A||B|/(|A|+|B|))·‖mean A − mean B‖,
 * which is what scipy's Lance–Williams recurrence computes. An independent check of the NN-chain.
 */
function greedyWardHeights(xs: number[][]): number[] {
  let clusters = xs.map((p) => ({ n: 1, c: p.slice() }));
  const heights: number[] = [];
  while (clusters.length > 1) {
    let best = Number.POSITIVE_INFINITY;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const a = clusters[i]!;
        const b = clusters[j]!;
        const d2 = a.c.reduce((s, v, t) => s + (v - b.c[t]!) ** 2, 0);
        const w = Math.sqrt(((2 * a.n * b.n) / (a.n + b.n)) * d2);
        if (w < best) {
          best = w;
          bi = i;
          bj = j;
        }
      }
    }
    const a = clusters[bi]!;
    const b = clusters[bj]!;
    const merged = { n: a.n + b.n, c: a.c.map((v, t) => (a.n * v + b.n * b.c[t]!) / (a.n + b.n)) };
    clusters = clusters.filter((_, i) => i !== bi && i !== bj).concat([merged]);
    heights.push(best);
  }
  return heights.sort((x, y) => x - y);
}

describe("wardLinkage", () => {
  it("matches the linkage derived by hand for the 1-D points [1, 2, 4, 7, 11] (scipy convention)", () => {
    // Singletons are |x − y| apart. Merge 1,2 at 1 → cluster 5 (mean 1.5, size 2).
    // {1,2}–4: sqrt(2·2·1/3)·2.5 = 2.886751… < 4–7 = 3 → cluster 6 = {1,2,4} (mean 7/3).
    // {1,2,4}–7: sqrt(2·3/4)·14/3 = 5.715…; 7–11 = 4 → cluster 7 = {7,11} (mean 9).
    // 6–7: sqrt(2·3·2/5)·(9 − 7/3) = sqrt(2.4)·20/3 = 10.327955…
    // Check: Σ distance²/2 = (1 + 25/3 + 16 + 320/3)/2 = 66 = the total sum of squares about the mean 5.
    const z = wardLinkage(oneD([1, 2, 4, 7, 11]));
    const expected: Linkage = [
      [0, 1, 1, 2],
      [2, 5, Math.sqrt(4 / 3) * 2.5, 3],
      [3, 4, 4, 2],
      [6, 7, (Math.sqrt(2.4) * 20) / 3, 5],
    ];
    expect(z.length).toBe(4);
    z.forEach((row, i) => {
      expect(row[0]).toBe(expected[i]![0]);
      expect(row[1]).toBe(expected[i]![1]);
      expect(row[2]).toBeCloseTo(expected[i]![2], 12);
      expect(row[3]).toBe(expected[i]![3]);
    });
    expect(Array.from(cutTree(z, 5, 2))).toEqual([0, 0, 0, 1, 1]);
    expect(Array.from(cutTree(z, 5, 3))).toEqual([0, 0, 0, 1, 2]);
    expect(Array.from(cutTree(z, 5, 5))).toEqual([0, 1, 2, 3, 4]);
  });

  it("cophenetic correlation of [1, 2, 4, 7, 11] equals the one computed from the hand-listed pairs", () => {
    const h2 = Math.sqrt(4 / 3) * 2.5;
    const h4 = (Math.sqrt(2.4) * 20) / 3;
    // (distance, cophenetic height) for every pair i < j, read off the tree above.
    const pairs: Array<[number, number]> = [
      [1, 1],
      [3, h2],
      [6, h4],
      [10, h4],
      [2, h2],
      [5, h4],
      [9, h4],
      [3, h4],
      [7, h4],
      [4, 4],
    ];
    const mx = pairs.reduce((s, p) => s + p[0], 0) / pairs.length;
    const my = pairs.reduce((s, p) => s + p[1], 0) / pairs.length;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (const [x, y] of pairs) {
      sxy += (x - mx) * (y - my);
      sxx += (x - mx) ** 2;
      syy += (y - my) ** 2;
    }
    const X = oneD([1, 2, 4, 7, 11]);
    expect(copheneticCorrelation(X, wardLinkage(X))!).toBeCloseTo(sxy / Math.sqrt(sxx * syy), 12);
  });

  const points = fc.integer({ min: 2, max: 40 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc
        .integer({ min: 1, max: 4 })
        .chain((d) =>
          fc.tuple(
            fc.constant(d),
            fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: n * d, maxLength: n * d }),
          ),
        ),
    ),
  );

  it("property: merge distances are non-decreasing, ids follow scipy's convention, sizes add up", () => {
    fc.assert(
      fc.property(points, ([n, [d, xs]]) => {
        const z = wardLinkage(matrix(new Float64Array(xs), n, d));
        expect(z.length).toBe(n - 1);
        const size = (id: number) => (id < n ? 1 : z[id - n]![3]);
        z.forEach(([a, b, dist, s], i) => {
          if (i > 0) expect(dist).toBeGreaterThanOrEqual(z[i - 1]![2]);
          // No inversions: a merge is never lower than the merges that formed its parts.
          if (a >= n) expect(dist).toBeGreaterThanOrEqual(z[a - n]![2]);
          if (b >= n) expect(dist).toBeGreaterThanOrEqual(z[b - n]![2]);
          expect(a).toBeLessThan(b);
          expect(b).toBeLessThan(n + i);
          expect(s).toBe(size(a) + size(b));
        });
        expect(z[n - 2]![3]).toBe(n);
      }),
      { numRuns: 200 },
    );
  });

  // With exact ties between merge distances the hierarchy is not unique (NN-chain and the greedy reference may break a
  // tie differently and then diverge), so the height comparison uses unbiased continuous coordinates, where ties have
  // probability zero; the biased generator above (many duplicates, 0 and ±100) still feeds the tie-proof properties.
  const untiedPoints = fc.integer({ min: 2, max: 40 }).chain((n) =>
    fc.tuple(
      fc.constant(n),
      fc.integer({ min: 1, max: 4 }).chain((d) =>
        fc.tuple(
          fc.constant(d),
          fc.array(
            fc.noBias(fc.integer({ min: -1_000_000_000, max: 1_000_000_000 })).map((v) => v / 1e7),
            {
              minLength: n * d,
              maxLength: n * d,
            },
          ),
        ),
      ),
    ),
  );

  it("property: Σ h²/2 equals the total sum of squares, ties or not", () => {
    fc.assert(
      fc.property(points, ([n, [d, xs]]) => {
        const rows = Array.from({ length: n }, (_, i) => xs.slice(i * d, i * d + d));
        const z = wardLinkage(matrix(new Float64Array(xs), n, d));
        const mean = Array.from({ length: d }, (_, t) => rows.reduce((s, r) => s + r[t]!, 0) / n);
        const tss = rows.reduce((s, r) => s + r.reduce((q, v, t) => q + (v - mean[t]!) ** 2, 0), 0);
        const half = z.reduce((s, r) => s + (r[2] * r[2]) / 2, 0);
        expect(Math.abs(half - tss)).toBeLessThanOrEqual(1e-8 * (1 + tss));
      }),
      { numRuns: 150 },
    );
  });

  it("property: heights equal an O(n³) greedy Ward and Σ h²/2 equals the total sum of squares", () => {
    fc.assert(
      fc.property(untiedPoints, ([n, [d, xs]]) => {
        const rows = Array.from({ length: n }, (_, i) => xs.slice(i * d, i * d + d));
        const z = wardLinkage(matrix(new Float64Array(xs), n, d));
        const greedy = greedyWardHeights(rows);
        const scale = 1 + Math.max(...greedy.map(Math.abs));
        z.forEach((row, i) => {
          expect(Math.abs(row[2] - greedy[i]!)).toBeLessThanOrEqual(1e-9 * scale);
        });
        const mean = Array.from({ length: d }, (_, t) => rows.reduce((s, r) => s + r[t]!, 0) / n);
        const tss = rows.reduce((s, r) => s + r.reduce((q, v, t) => q + (v - mean[t]!) ** 2, 0), 0);
        const half = z.reduce((s, r) => s + (r[2] * r[2]) / 2, 0);
        expect(Math.abs(half - tss)).toBeLessThanOrEqual(1e-8 * (1 + tss));
      }),
      { numRuns: 150 },
    );
  });
});
