/** A cell of an attribute column: numbers, strings and booleans; null, undefined and "" are missing. */
export type AttributeValue = string | number | boolean | null | undefined;

export interface AttributeColumn {
  name: string;
  values: ReadonlyArray<AttributeValue>;
  /** Forces the kind; by default a column whose non-missing values all parse as finite numbers is numeric. */
  kind?: "numeric" | "categorical";
}

export interface AttributePower {
  name: string;
  kind: "numeric" | "categorical";
  /** 0 (no information) … 1 (separates the target perfectly). */
  power: number;
  /** "auc" for numeric (power = |AUC − 0.5|·2), "cramers_v" for categorical (power = V). */
  measure: "auc" | "cramers_v";
  /** The measure itself: AUC (higher values → positive when > 0.5), or Cramér's V. */
  value: number;
  /** Rows with a value (numeric) or all rows (categorical, where missing is its own level). */
  n: number;
  /** Categorical only: number of levels. */
  levels?: number;
}

const missing = (v: AttributeValue): boolean => v === null || v === undefined || v === "";

const toNumber = (v: AttributeValue): number =>
  typeof v === "number" ? v : typeof v === "boolean" ? Number(v) : Number(String(v).trim());

/**
 * Area under the ROC curve of `scores` for the positive class, by the Mann–Whitney statistic with mid-ranks for
 * ties (equal to scikit-learn's roc_auc_score). Null when a class is empty.
 */
export function rocAuc(scores: ArrayLike<number>, positive: ArrayLike<boolean | number>): number | null {
  const n = scores.length;
  const idx = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let nPos = 0;
  let rankSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && scores[idx[j + 1]!] === scores[idx[i]!]) j++;
    const mid = (i + j) / 2 + 1;
    for (let t = i; t <= j; t++) {
      if (positive[idx[t]!]) {
        nPos++;
        rankSum += mid;
      }
    }
    i = j + 1;
  }
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return null;
  return (rankSum - (nPos * (nPos + 1)) / 2) / (nPos * nNeg);
}

/** Cramér's V of a contingency table between `levels` and a binary target (bias-uncorrected, as in Cramér 1946). */
export function cramersV(levels: ReadonlyArray<string>, positive: ArrayLike<boolean | number>): number | null {
  const n = levels.length;
  const table = new Map<string, [number, number]>();
  let nPos = 0;
  for (let i = 0; i < n; i++) {
    const row = table.get(levels[i]!) ?? [0, 0];
    const p = positive[i] ? 1 : 0;
    row[p]!++;
    nPos += p;
    table.set(levels[i]!, row);
  }
  const cols = [n - nPos, nPos];
  const r = table.size;
  const c = cols.filter((x) => x > 0).length;
  if (n === 0 || r < 2 || c < 2) return r < 2 && c === 2 ? 0 : null;
  let chi2 = 0;
  for (const row of table.values()) {
    const rowTotal = row[0] + row[1];
    for (let j = 0; j < 2; j++) {
      const expected = (rowTotal * cols[j]!) / n;
      const diff = row[j]! - expected;
      chi2 += (diff * diff) / expected;
    }
  }
  return Math.sqrt(chi2 / (n * (Math.min(r, c) - 1)));
}

/**
 * Univariate predictive power of each attribute for a binary target, ranked strongest first (ties by name).
 * Numeric: AUC over the rows that have a value, power = |AUC − 0.5|·2 (the Gini coefficient's magnitude).
 * Categorical: Cramér's V with "missing" as a level of its own.
 */
export function attributePower(
  columns: ReadonlyArray<AttributeColumn>,
  positive: ArrayLike<boolean>,
): AttributePower[] {
  const out: AttributePower[] = [];
  for (const col of columns) {
    const present = col.values.map((v, i) => (missing(v) ? -1 : i)).filter((i) => i >= 0);
    const numeric =
      col.kind === "numeric" ||
      (col.kind === undefined && present.length > 0 && present.every((i) => Number.isFinite(toNumber(col.values[i]))));
    if (numeric) {
      const xs = present.map((i) => toNumber(col.values[i]));
      const ys = present.map((i) => positive[i]!);
      const auc = rocAuc(xs, ys);
      out.push({
        name: col.name,
        kind: "numeric",
        power: auc === null ? 0 : Math.abs(auc - 0.5) * 2,
        measure: "auc",
        value: auc ?? 0.5,
        n: present.length,
      });
    } else {
      const levels = col.values.map((v) => (missing(v) ? "\u0000missing" : String(v)));
      const v = cramersV(levels, positive) ?? 0;
      out.push({
        name: col.name,
        kind: "categorical",
        power: v,
        measure: "cramers_v",
        value: v,
        n: levels.length,
        levels: new Set(levels).size,
      });
    }
  }
  return out.sort((a, b) => b.power - a.power || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
