import { describe, expect, it } from "vitest";
import { attributePower, cramersV, rocAuc } from "./attribute-power.js";

describe("rocAuc", () => {
  it("matches scikit-learn's roc_auc_score docstring example (0.75)", () => {
    // roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == 0.75
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1])).toBeCloseTo(0.75, 14);
  });

  it("counts ties as one half (mid-ranks)", () => {
    // Pairs (pos, neg): (1,1) tie ½, (1,2) loss, (2,1) win, (2,2) tie ½ → 2/4.
    expect(rocAuc([1, 1, 2, 2], [1, 0, 1, 0])).toBeCloseTo(0.5, 14);
    expect(rocAuc([1, 2, 3], [1, 1, 1])).toBeNull();
  });
});

describe("cramersV", () => {
  it("of the 2×2 table [[10, 20], [30, 40]] is |ad − bc| / √(row·col products) = 200/√5,040,000", () => {
    const levels = [...Array(30).fill("a"), ...Array(70).fill("b")] as string[];
    // Level a: 10 negatives, 20 positives; level b: 30 negatives, 40 positives.
    const positive = [
      ...Array(10).fill(0),
      ...Array(20).fill(1),
      ...Array(30).fill(0),
      ...Array(40).fill(1),
    ] as number[];
    expect(cramersV(levels, positive)!).toBeCloseTo(200 / Math.sqrt(30 * 70 * 40 * 60), 14);
  });

  it("is 1 for a level that determines the target and null for a constant target", () => {
    expect(cramersV(["a", "a", "b", "b"], [1, 1, 0, 0])).toBeCloseTo(1, 14);
    expect(cramersV(["a", "b"], [1, 1])).toBeNull();
  });
});

describe("attributePower", () => {
  it("detects kinds, measures each and ranks by power", () => {
    const positive = [true, true, false, false, true, false];
    const r = attributePower(
      [
        { name: "noise", values: [1, 2, 1, 2, 1, 2] },
        { name: "spend", values: ["90", "80", "10", "20", "70", ""] },
        { name: "plan", values: ["pro", "pro", "free", "free", "pro", "free"] },
      ],
      positive,
    );
    expect(r.map((x) => x.name)).toEqual(["plan", "spend", "noise"]);
    expect(r[0]).toMatchObject({ kind: "categorical", measure: "cramers_v", power: 1, levels: 2, n: 6 });
    // spend over the 5 rows that have it: positives 90, 80, 70 all above negatives 10, 20 → AUC 1.
    expect(r[1]).toMatchObject({ kind: "numeric", measure: "auc", power: 1, value: 1, n: 5 });
    // noise: positives 1, 2, 1 against negatives 1, 2, 2: each positive 1 scores ½ (one tie), the positive 2
    // scores 1 + ½ + ½ → AUC = (½ + 2 + ½)/9 = 1/3, power |1/3 − ½|·2 = 1/3.
    expect(r[2]!.value).toBeCloseTo(1 / 3, 14);
    expect(r[2]!.power).toBeCloseTo(1 / 3, 14);
  });
});
