import { describe, expect, it } from "vitest";
import { SeededRandom } from "../math/seeded-random.js";
import { rocAuc } from "./classification-metrics.js";
import { gbtRawScores, predictGbt, trainGbt } from "./gradient-boosting.js";
import { predictLogistic, trainLogistic } from "./logistic-regression.js";

describe("trainGbt", () => {
  it("one stump with learning rate 1: log-odds start, midpoint threshold, Newton leaf values −G/H", () => {
    // x = 1..10, y = 1 for x > 6. Prior 0.4 → F₀ = ln(0.4/0.6). g = p − y, h = p(1 − p) = 0.24.
    // Left (x ≤ 6.5, six zeros): G = 6·0.4 = 2.4, H = 1.44 → −5/3. Right (four ones): G = −2.4, H = 0.96 → 2.5.
    const X = { rows: 10, cols: 1, data: Float64Array.from({ length: 10 }, (_, i) => i + 1) };
    const y = Uint8Array.from({ length: 10 }, (_, i) => (i + 1 > 6 ? 1 : 0));
    const m = trainGbt(X, y, { trees: 1, depth: 1, learningRate: 1 });
    const tree = m.trees[0]!;
    expect(m.init).toBeCloseTo(Math.log(0.4 / 0.6), 14);
    expect(tree.feature[0]).toBe(0);
    expect(tree.threshold[0]).toBe(6.5);
    expect(tree.value[tree.left[0]!]).toBeCloseTo(-5 / 3, 12);
    expect(tree.value[tree.right[0]!]).toBeCloseTo(2.5, 12);
    const raw = gbtRawScores(m, X);
    expect(raw[0]).toBeCloseTo(Math.log(0.4 / 0.6) - 5 / 3, 12);
  });

  it("learns an interaction (XOR) that a linear model cannot", () => {
    const rng = new SeededRandom(8);
    const make = (n: number) => {
      const data = new Float64Array(n * 3);
      const y = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const a = rng.next() - 0.5;
        const b = rng.next() - 0.5;
        data.set([a, b, rng.normal()], i * 3);
        y[i] = a > 0 !== b > 0 ? (rng.next() < 0.9 ? 1 : 0) : rng.next() < 0.1 ? 1 : 0;
      }
      return { X: { rows: n, cols: 3, data }, y };
    };
    const train = make(2000);
    const test = make(1000);
    const gbt = trainGbt(train.X, train.y);
    const lin = trainLogistic(train.X, train.y);
    expect(rocAuc(test.y, predictGbt(gbt, test.X))).toBeGreaterThan(0.85);
    expect(rocAuc(test.y, predictLogistic(lin, test.X))).toBeLessThan(0.6);
  });

  it("never grows deeper than asked and is deterministic", () => {
    const rng = new SeededRandom(2);
    const data = Float64Array.from({ length: 600 }, () => rng.normal());
    const y = Uint8Array.from({ length: 200 }, (_, i) => (data[i * 3]! + data[i * 3 + 1]! > 0 ? 1 : 0));
    const X = { rows: 200, cols: 3, data };
    const a = trainGbt(X, y, { trees: 5, depth: 2 });
    expect(trainGbt(X, y, { trees: 5, depth: 2 })).toEqual(a);
    for (const t of a.trees) expect(t.feature.length).toBeLessThanOrEqual(7);
  });
});
