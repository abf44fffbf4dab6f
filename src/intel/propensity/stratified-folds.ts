import { TesseraError } from "../../model/index.js";
import { SeededRandom } from "../math/seeded-random.js";

/**
 * Stratified k-fold assignment: each class is shuffled with the seed and dealt round-robin to the folds, so every
 * fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ rows of class c. Returns the fold of each row.
 */
export function stratifiedFolds(y: Uint8Array, k: number, seed: number): Int32Array {
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i]!;
  const neg = y.length - pos;
  if (!Number.isInteger(k) || k < 2)
    throw new TesseraError({ code: "churn_bad_folds", path: ["--folds"], message: `--folds must be an integer ≥ 2` });
  if (pos < k || neg < k)
    throw new TesseraError({
      code: "churn_too_few_rows",
      path: ["--folds"],
      message: `stratified ${k}-fold needs at least ${k} rows of each class (positive ${pos}, negative ${neg})`,
    });
  const rng = new SeededRandom(seed);
  const fold = new Int32Array(y.length);
  let offset = 0;
  for (const cls of [1, 0]) {
    const idx: number[] = [];
    for (let i = 0; i < y.length; i++) if (y[i] === cls) idx.push(i);
    rng.shuffle(idx);
    // The offset keeps fold sizes balanced overall, not only within each class.
    idx.forEach((row, j) => {
      fold[row] = (j + offset) % k;
    });
    offset = (offset + idx.length) % k;
  }
  return fold;
}
