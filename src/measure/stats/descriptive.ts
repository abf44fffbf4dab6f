/** Descriptive statistics on numeric arrays: mean, sample variance, numpy-style linear quantiles, midranks. */

export type Numbers = ArrayLike<number>;

export function mean(xs: Numbers): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length > 0 ? s / xs.length : Number.NaN;
}

/** Sample variance with n − 1 in the denominator (two-pass for accuracy). */
export function variance(xs: Numbers): number {
  const n = xs.length;
  if (n < 2) return Number.NaN;
  const m = mean(xs);
  let ss = 0;
  let comp = 0;
  for (let i = 0; i < n; i++) {
    const d = xs[i]! - m;
    ss += d * d;
    comp += d;
  }
  return (ss - (comp * comp) / n) / (n - 1);
}

/** Sorted copy as a Float64Array (numeric order). */
export const sortedCopy = (xs: Numbers): Float64Array => Float64Array.from(xs).sort();

/** Quantile of an already sorted sample with numpy's default "linear" method: h = (n − 1)q. */
export function quantileSorted(sorted: Numbers, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return a + (h - lo) * (b - a);
}

export const median = (xs: Numbers): number => quantileSorted(sortedCopy(xs), 0.5);

/**
 * Midranks (1-based, ties get the average rank) of the concatenation of the samples, and Σ(t³ − t) over tie
 * groups for the tie correction of rank tests.
 */
export function midranks(values: Numbers): { ranks: Float64Array; tieSum: number } {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => values[a]! - values[b]!);
  const ranks = new Float64Array(n);
  let tieSum = 0;
  let i = 0;
  while (i < n) {
    let j = i + 1;
    while (j < n && values[order[j]!]! === values[order[i]!]!) j++;
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) ranks[order[k]!] = r;
    const t = j - i;
    tieSum += t * t * t - t;
    i = j;
  }
  return { ranks, tieSum };
}
