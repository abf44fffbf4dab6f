import { describe, expect, it } from "vitest";
import { SeededRandom } from "../math/seeded-random.js";
import { crossValidateChurn } from "./churn-model.js";
import { encodeFeatures, fitEncoding } from "./feature-encoding.js";
import { sigmoid } from "./feature-matrix.js";
import { stratifiedFolds } from "./stratified-folds.js";

describe("stratifiedFolds", () => {
  it("spreads each class evenly over the folds, reproducibly for a seed", () => {
    const y = Uint8Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const f = stratifiedFolds(y, 5, 7);
    expect(stratifiedFolds(y, 5, 7)).toEqual(f);
    for (let k = 0; k < 5; k++) {
      let pos = 0;
      let all = 0;
      for (let i = 0; i < y.length; i++)
        if (f[i] === k) {
          all++;
          pos += y[i]!;
        }
      expect(pos === 5 || pos === 6).toBe(true); // 26 positives
      expect(all === 20 || all === 21).toBe(true);
    }
    expect(() => stratifiedFolds(Uint8Array.from([1, 0, 0, 0]), 2, 1)).toThrow(/at least 2 rows of each class/);
  });
});

describe("feature encoding", () => {
  it("keeps numbers, reads blanks as 0 (reported), one-hot encodes other columns dropping the first level", () => {
    const cols = ["age", "plan"];
    const rows = [
      ["30", "pro"],
      ["", "basic"],
      ["41.5", "team"],
      ["22", "pro"],
    ];
    const enc = fitEncoding(cols, rows);
    expect(enc.features).toEqual(["age", "plan=pro", "plan=team"]);
    const { matrix, blanks } = encodeFeatures(enc, cols, rows);
    expect(Array.from(matrix.data)).toEqual([30, 1, 0, 0, 0, 0, 41.5, 0, 1, 22, 1, 0]);
    expect(blanks).toEqual([{ column: "age", rows: [1] }]);
    // Unseen level → all zeros; a non-number in a numeric column is an error naming the row.
    expect(Array.from(encodeFeatures(enc, cols, [["1", "enterprise"]]).matrix.data)).toEqual([1, 0, 0]);
    expect(() => encodeFeatures(enc, cols, [["x", "pro"]])).toThrow(/row 1, column "age"/);
  });
});

describe("crossValidateChurn", () => {
  it("scores both models and ranks the informative feature first by permutation importance", () => {
    const rng = new SeededRandom(4);
    const n = 1500;
    const data = new Float64Array(n * 3);
    const y = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      const signal = rng.normal();
      data.set([rng.normal(), signal, rng.normal()], i * 3);
      y[i] = rng.next() < sigmoid(2 * signal - 1) ? 1 : 0;
    }
    const cv = crossValidateChurn({ rows: n, cols: 3, data }, y, ["noise1", "signal", "noise2"], {
      folds: 5,
      seed: 3,
      gbt: { trees: 30 },
    });
    expect(cv.models.map((m) => m.name)).toEqual(["logistic", "gbt"]);
    for (const m of cv.models) {
      expect(m.auc.folds).toHaveLength(5);
      expect(m.auc.mean).toBeGreaterThan(0.75);
      expect(m.logLoss).toBeGreaterThan(0);
      expect(m.logLoss).toBeLessThan(Math.log(2));
    }
    expect(cv.importance[0]!.feature).toBe("signal");
    expect(cv.importance[0]!.importance).toBeGreaterThan(0.1);
    for (const f of cv.importance.slice(1)) expect(Math.abs(f.importance)).toBeLessThan(0.03);
  });
});
