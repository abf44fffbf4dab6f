import { describe, expect, it } from "vitest";
import { minimizeBfgs, numericGradient } from "./bfgs-minimize.js";
import { SeededRandom } from "./seeded-random.js";

describe("minimizeBfgs", () => {
  it("finds the Rosenbrock minimum (1, 1) from (−1.2, 1)", () => {
    const res = minimizeBfgs(
      (x, g) => {
        const a = x[0]!;
        const b = x[1]!;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      [-1.2, 1],
    );
    expect(res.converged).toBe(true);
    expect(res.x[0]).toBeCloseTo(1, 6);
    expect(res.x[1]).toBeCloseTo(1, 6);
  });

  it("treats a non-finite objective as outside the domain", () => {
    // Minimum of x − ln x at x = 1; undefined for x ≤ 0, which a full Newton-like step from 3 would overshoot into.
    const res = minimizeBfgs(
      (x, g) => {
        const v = x[0]!;
        g[0] = 1 - 1 / v;
        return v > 0 ? v - Math.log(v) : Number.NaN;
      },
      [3],
    );
    expect(res.x[0]).toBeCloseTo(1, 6);
  });
});

describe("numericGradient", () => {
  it("matches the analytic gradient of a quadratic form", () => {
    const rng = new SeededRandom(3);
    const A = [2, 0.5, 0.5, 3];
    const f = (x: Float64Array) =>
      0.5 * (A[0]! * x[0]! ** 2 + 2 * A[1]! * x[0]! * x[1]! + A[3]! * x[1]! ** 2) + Math.sin(x[0]!);
    const x = [rng.normal(), rng.normal()];
    const g = numericGradient(f, x);
    expect(g[0]).toBeCloseTo(A[0]! * x[0]! + A[1]! * x[1]! + Math.cos(x[0]!), 7);
    expect(g[1]).toBeCloseTo(A[2]! * x[0]! + A[3]! * x[1]!, 7);
  });
});
