import { describe, expect, it } from "vitest";
import { SeededRandom } from "../math/seeded-random.js";
import { type FeatureMatrix, sigmoid } from "./feature-matrix.js";
import { predictLogistic, trainLogistic } from "./logistic-regression.js";

function randomProblem(n: number, d: number, seed: number): { X: FeatureMatrix; y: Uint8Array } {
  const rng = new SeededRandom(seed);
  const data = new Float64Array(n * d);
  const y = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let z = -0.5;
    for (let j = 0; j < d; j++) {
      const v = rng.normal() * (j + 1) + j;
      data[i * d + j] = v;
      z += ((j % 2 === 0 ? 0.8 : -0.4) * (v - j)) / (j + 1);
    }
    y[i] = rng.next() < sigmoid(z) ? 1 : 0;
  }
  return { X: { rows: n, cols: d, data }, y };
}

describe("trainLogistic", () => {
  it("reaches the optimum of ½‖w‖² + C Σ log-loss: the gradient vanishes (KKT) on standardised features", () => {
    const { X, y } = randomProblem(400, 4, 5);
    const m = trainLogistic(X, y, { C: 1 });
    const p = predictLogistic(m, X);
    const grad = m.coef.slice();
    let gInt = 0;
    for (let i = 0; i < X.rows; i++) {
      const r = p[i]! - y[i]!;
      gInt += r;
      for (let j = 0; j < X.cols; j++) grad[j]! += (r * (X.data[i * X.cols + j]! - m.mean[j]!)) / m.scale[j]!;
    }
    expect(Math.abs(gInt)).toBeLessThan(1e-8);
    for (const g of grad) expect(Math.abs(g)).toBeLessThan(1e-8);
  });

  it("without effective regularisation reproduces the group rates of a binary feature (the MLE)", () => {
    // Group x = 0: 3 of 10 positive; group x = 1: 8 of 10 positive.
    const xs = [...Array(10).fill(0), ...Array(10).fill(1)];
    const y = Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0]);
    const m = trainLogistic({ rows: 20, cols: 1, data: Float64Array.from(xs) }, y, { C: 1e9 });
    const p = predictLogistic(m, { rows: 2, cols: 1, data: Float64Array.from([0, 1]) });
    expect(p[0]).toBeCloseTo(0.3, 6);
    expect(p[1]).toBeCloseTo(0.8, 6);
  });

  it("stays finite on separable data thanks to the L2 penalty, and handles constant columns", () => {
    const data = Float64Array.from([0, 5, 1, 5, 2, 5, 3, 5]);
    const m = trainLogistic({ rows: 4, cols: 2, data }, Uint8Array.from([0, 0, 1, 1]));
    expect(m.coef.every(Number.isFinite)).toBe(true);
    expect(m.scale[1]).toBe(1);
    const p = predictLogistic(m, { rows: 4, cols: 2, data });
    expect(p[0]!).toBeLessThan(0.5);
    expect(p[3]!).toBeGreaterThan(0.5);
  });
});
