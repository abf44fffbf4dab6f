import { TesseraError } from "../../model/index.js";

/**
 * Per-customer repeat-purchase summary the BTYD models take (Fader, Hardie & Lee 2005 notation):
 * frequency x = repeat purchases, recency tₓ = time of the last repeat purchase since the first purchase,
 * T = time from the first purchase to the end of calibration; monetary = mean value of the repeat purchases.
 */
export interface FrequencySummary {
  frequency: ArrayLike<number>;
  recency: ArrayLike<number>;
  T: ArrayLike<number>;
  monetary?: ArrayLike<number>;
}

/** Customers folded into distinct (x, tₓ, T) rows with weights, and distinct x values indexed for the Γ terms. */
export interface CompressedSummary {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  weight: Float64Array;
  /** xIndex[i] is the position of x[i] in distinctX. */
  xIndex: Int32Array;
  distinctX: Float64Array;
  total: number;
}

/** Validates a summary: x a whole number ≥ 0, 0 ≤ tₓ ≤ T, tₓ > 0 when x > 0. Errors name the customer row. */
export function validateSummary(s: FrequencySummary): void {
  const n = s.frequency.length;
  if (s.recency.length !== n || s.T.length !== n)
    throw new TesseraError({ code: "clv_bad_summary", message: "frequency, recency and T must have equal lengths" });
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i]!;
    const tx = s.recency[i]!;
    const T = s.T[i]!;
    let problem = "";
    if (!(x >= 0) || Math.floor(x) !== x) problem = `frequency must be a whole number ≥ 0 (got ${x})`;
    else if (!(T >= 0)) problem = `T must be ≥ 0 (got ${T})`;
    else if (!(tx >= 0 && tx <= T)) problem = `recency must lie in [0, T] (got ${tx}, T ${T})`;
    else if (x > 0 && !(tx > 0)) problem = `recency must be > 0 when frequency > 0`;
    if (problem) throw new TesseraError({ code: "clv_bad_summary", path: [i], message: `customer ${i}: ${problem}` });
  }
}

/** Folds identical (x, tₓ, T) triples (common: every one-time buyer of the same cohort) to cut likelihood cost. */
export function compressSummary(s: FrequencySummary, timeScale = 1): CompressedSummary {
  const n = s.frequency.length;
  // Nested numeric maps x → tₓ → T → row: no string keys, so a million customers fold in well under a second.
  const seen = new Map<number, Map<number, Map<number, number>>>();
  const xs: number[] = [];
  const txs: number[] = [];
  const Ts: number[] = [];
  const ws: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i]!;
    const tx = s.recency[i]!;
    const T = s.T[i]!;
    let byTx = seen.get(x);
    if (!byTx) {
      byTx = new Map();
      seen.set(x, byTx);
    }
    let byT = byTx.get(tx);
    if (!byT) {
      byT = new Map();
      byTx.set(tx, byT);
    }
    const at = byT.get(T);
    if (at !== undefined) ws[at]! += 1;
    else {
      byT.set(T, xs.length);
      xs.push(x);
      txs.push(tx * timeScale);
      Ts.push(T * timeScale);
      ws.push(1);
    }
  }
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const pos = new Map(distinct.map((v, i) => [v, i]));
  return {
    x: Float64Array.from(xs),
    tx: Float64Array.from(txs),
    T: Float64Array.from(Ts),
    weight: Float64Array.from(ws),
    xIndex: Int32Array.from(xs, (v) => pos.get(v)!),
    distinctX: Float64Array.from(distinct),
    total: n,
  };
}
