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
  // Open-addressing hash on the raw bits of (x, tₓ, T): no strings or per-row Maps, so a million customers fold in
  // tens of milliseconds. slots hold row + 1 of the first customer with that triple.
  let size = 16;
  while (size < 2 * n) size *= 2;
  const slots = new Int32Array(size);
  const bits = new Float64Array(3);
  const words = new Uint32Array(bits.buffer);
  const xs = new Float64Array(n);
  const txs = new Float64Array(n);
  const Ts = new Float64Array(n);
  const ws = new Float64Array(n);
  const firstRow = new Int32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = s.frequency[i]!;
    const tx = s.recency[i]!;
    const T = s.T[i]!;
    bits[0] = x;
    bits[1] = tx;
    bits[2] = T;
    let h = 0x811c9dc5;
    for (let k = 0; k < 6; k++) h = Math.imul(h ^ words[k]!, 0x01000193);
    let slot = (h ^ (h >>> 15)) & (size - 1);
    for (;;) {
      const at = slots[slot]!;
      if (at === 0) {
        slots[slot] = m + 1;
        xs[m] = x;
        txs[m] = tx * timeScale;
        Ts[m] = T * timeScale;
        ws[m] = 1;
        firstRow[m++] = i;
        break;
      }
      const r = firstRow[at - 1]!;
      if (s.frequency[r] === x && s.recency[r] === tx && s.T[r] === T) {
        ws[at - 1] = ws[at - 1]! + 1;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  const distinct = [...new Set(xs.subarray(0, m))].sort((a, b) => a - b);
  const pos = new Map(distinct.map((v, i) => [v, i]));
  const x = xs.slice(0, m);
  return {
    x,
    tx: txs.slice(0, m),
    T: Ts.slice(0, m),
    weight: ws.slice(0, m),
    xIndex: Int32Array.from(x, (v) => pos.get(v)!),
    distinctX: Float64Array.from(distinct),
    total: n,
  };
}
