import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { logLoss, rocAuc } from "./classification-metrics.js";

describe("rocAuc", () => {
  it("matches scikit-learn's roc_auc_score documentation example: 0.75", () => {
    // sklearn.metrics.roc_auc_score docs: y_true = [0, 0, 1, 1], y_scores = [0.1, 0.4, 0.35, 0.8] → 0.75
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBe(0.75);
  });

  it("counts ties as ½ (Mann–Whitney U / n₁n₀)", () => {
    // Pairs (neg, pos): (0.1, 0.5) 1, (0.1, 0.9) 1, (0.5, 0.5) ½, (0.5, 0.9) 1 → 3.5 / 4.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.5, 0.5, 0.9])).toBe(0.875);
    expect(rocAuc([0, 1, 0, 1], [0.3, 0.3, 0.3, 0.3])).toBe(0.5);
    expect(Number.isNaN(rocAuc([1, 1], [0.2, 0.3]))).toBe(true);
  });

  it("equals the brute-force pair count on random inputs with many ties", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 0, max: 5 })), { minLength: 2 }),
        (rows) => {
          const y = rows.map((r) => r[0]);
          const s = rows.map((r) => r[1]);
          let pairs = 0;
          let wins = 0;
          for (let i = 0; i < rows.length; i++)
            for (let j = 0; j < rows.length; j++)
              if (y[i] === 1 && y[j] === 0) {
                pairs++;
                wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
              }
          const auc = rocAuc(y, s);
          if (pairs === 0) expect(Number.isNaN(auc)).toBe(true);
          else expect(auc).toBeCloseTo(wins / pairs, 12);
        },
      ),
    );
  });
});

describe("logLoss", () => {
  it("matches scikit-learn's log_loss documentation example: 0.21616…", () => {
    // log_loss(["spam", "ham", "ham", "spam"], [[.1, .9], [.9, .1], [.8, .2], [.35, .65]]) = 0.21616187468057912
    expect(logLoss([1, 0, 0, 1], [0.9, 0.1, 0.2, 0.65])).toBeCloseTo(0.21616187468057912, 14);
  });
});
