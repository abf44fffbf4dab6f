import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quintileBins, rfmScores } from "./rfm-scores.js";
import { RFM_SEGMENTS, rfmSegment } from "./rfm-segments.js";

const ids = (n: number) => Array.from({ length: n }, (_, i) => String(i + 1));

describe("quintileBins = pandas qcut(rank, 5, labels=[1..5])", () => {
  // Hand-computed: edges are 1 + k(n−1)/5 for k = 0..5, bins right-closed, the lowest edge included.
  it("n = 4: edges 1, 1.6, 2.2, 2.8, 3.4, 4 → ranks 1,2,3,4 get 1,2,4,5", () => {
    expect(Array.from(quintileBins([10, 20, 30, 40], ids(4)))).toEqual([1, 2, 4, 5]);
  });

  it("n = 10: edges 1, 2.8, 4.6, 6.4, 8.2, 10 → two per bin", () => {
    expect(Array.from(quintileBins([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], ids(10)))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it("n = 6: edges 1, 2, 3, 4, 5, 6 — a rank equal to an edge stays in the lower bin", () => {
    expect(Array.from(quintileBins([6, 5, 4, 3, 2, 1], ids(6)))).toEqual([5, 4, 3, 2, 1, 1]);
  });

  it("n = 11: edges 1, 3, 5, 7, 9, 11 (exact arithmetic at k = 3 where 0.6·10 is inexact in floating point)", () => {
    expect(
      Array.from(
        quintileBins(
          Array.from({ length: 11 }, (_, i) => i),
          ids(11),
        ),
      ),
    ).toEqual([1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
  });

  it("ties are broken by id ascending, numerically when every id is a number", () => {
    // All values equal: ranks follow ids 2 < 9 < 10 < 11 (numeric), not "10" < "11" < "2" < "9".
    expect(Array.from(quintileBins([5, 5, 5, 5], ["10", "2", "11", "9"]))).toEqual([4, 1, 5, 2]);
    // Mixed ids sort as text: "a10" < "a2" < "a9" < "b1".
    expect(Array.from(quintileBins([5, 5, 5, 5], ["a2", "a10", "b1", "a9"]))).toEqual([2, 1, 5, 4]);
  });

  it("a single customer gets bin 1", () => {
    expect(Array.from(quintileBins([3], ["x"]))).toEqual([1]);
  });

  it("bins are monotone in the value and as equal-sized as possible", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 5, maxLength: 200 }), (vals) => {
        const bins = quintileBins(vals, ids(vals.length));
        const counts = [0, 0, 0, 0, 0];
        for (let i = 0; i < vals.length; i++) {
          counts[bins[i]! - 1]!++;
          for (let j = 0; j < vals.length; j++) if (vals[i]! < vals[j]!) expect(bins[i]).toBeLessThanOrEqual(bins[j]!);
        }
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
      { numRuns: 50 },
    );
  });
});

describe("rfmScores", () => {
  it("reverses recency so the most recent customer scores 5 and concatenates the score", () => {
    const s = rfmScores({
      ids: ["a", "b", "c", "d", "e"],
      recency: [1, 2, 3, 4, 5],
      frequency: [5, 4, 3, 2, 1],
      monetary: [10, 10, 30, 40, 50],
    });
    expect(Array.from(s.r)).toEqual([5, 4, 3, 2, 1]);
    expect(Array.from(s.f)).toEqual([5, 4, 3, 2, 1]);
    // n = 5: edges 1, 1.8, 2.6, 3.4, 4.2, 5; ties in monetary (a, b) broken by id.
    expect(Array.from(s.m)).toEqual([1, 2, 3, 4, 5]);
    expect(s.score).toEqual(["551", "442", "333", "224", "115"]);
  });
});

describe("rfmSegment", () => {
  it("assigns every (R, F) pair to a listed segment, matching the documented table", () => {
    for (let r = 1; r <= 5; r++) for (let f = 1; f <= 5; f++) expect(RFM_SEGMENTS).toContain(rfmSegment(r, f));
    expect(rfmSegment(5, 5)).toBe("Champions");
    expect(rfmSegment(4, 4)).toBe("Loyal");
    expect(rfmSegment(3, 5)).toBe("Loyal");
    expect(rfmSegment(5, 1)).toBe("New Customers");
    expect(rfmSegment(4, 1)).toBe("Promising");
    expect(rfmSegment(5, 3)).toBe("Potential Loyalists");
    expect(rfmSegment(3, 3)).toBe("Need Attention");
    expect(rfmSegment(3, 2)).toBe("About to Sleep");
    expect(rfmSegment(2, 4)).toBe("At Risk");
    expect(rfmSegment(1, 5)).toBe("Can't Lose");
    expect(rfmSegment(1, 1)).toBe("Hibernating");
  });
});
