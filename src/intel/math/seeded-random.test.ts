import { describe, expect, it } from "vitest";
import { SeededRandom } from "./seeded-random.js";

describe("SeededRandom", () => {
  it("is deterministic per seed and differs across seeds", () => {
    const a = new SeededRandom(5);
    const b = new SeededRandom(5);
    const c = new SeededRandom(6);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it("draws gamma and beta variates with the right means and variances (n = 200k, 4 standard errors)", () => {
    const rng = new SeededRandom(11);
    const n = 200_000;
    for (const shape of [0.3, 2.5]) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        const g = rng.gamma(shape);
        s += g;
        s2 += g * g;
      }
      const mean = s / n;
      expect(Math.abs(mean - shape)).toBeLessThan(4 * Math.sqrt(shape / n));
      expect(s2 / n - mean * mean).toBeCloseTo(shape, 1);
    }
    let s = 0;
    for (let i = 0; i < n; i++) s += rng.beta(0.8, 2.4);
    // Beta(a, b) mean a/(a+b) = 0.25, sd ≈ 0.22.
    expect(Math.abs(s / n - 0.25)).toBeLessThan(4 * (0.22 / Math.sqrt(n)));
  });
});
