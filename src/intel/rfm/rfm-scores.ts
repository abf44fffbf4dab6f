import { idComparator } from "../math/id-order.js";

/** Per-customer recency (days), frequency and monetary values, aligned by index with `ids`. */
export interface RfmValues {
  ids: readonly string[];
  recency: ArrayLike<number>;
  frequency: ArrayLike<number>;
  monetary: ArrayLike<number>;
}

export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  /** "r f m" digits concatenated, e.g. "555". */
  score: string[];
}

/**
 * Quintile bins 1..5 the way pandas `qcut(ranks, 5, labels=[1..5])` cuts the ranks 1..n: customers are ranked
 * ascending by value (ties by id, see idComparator), the bin edges are the 0.2-quantiles of the ranks with linear
 * interpolation, 1 + k(n−1)/5, and bins are right-closed with the lowest edge included. The test
 * rank ≤ 1 + k(n−1)/5 is done exactly in integers: 5(rank − 1) ≤ k(n − 1). A single customer gets bin 1.
 */
export function quintileBins(values: ArrayLike<number>, ids: readonly string[]): Uint8Array {
  const n = values.length;
  const byId = idComparator(ids);
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => values[i]! - values[j]! || byId(ids[i]!, ids[j]!));
  const bins = new Uint8Array(n);
  for (let pos = 0; pos < n; pos++) {
    let k = 1;
    while (k < 5 && 5 * pos > k * (n - 1)) k++;
    bins[order[pos]!] = k;
  }
  return bins;
}

/** R, F and M scores 1–5; R is reversed so the most recent customers score 5. */
export function rfmScores(v: RfmValues): RfmScores {
  const r = quintileBins(v.recency, v.ids).map((b) => 6 - b);
  const f = quintileBins(v.frequency, v.ids);
  const m = quintileBins(v.monetary, v.ids);
  const score = Array.from(r, (rv, i) => `${rv}${f[i]}${m[i]}`);
  return { r, f, m, score };
}
