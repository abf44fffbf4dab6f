import type { Matrix } from "./matrix.js";
import { sqDist } from "./matrix.js";
import { createRng, sampleIndices } from "./prng.js";
import type { Linkage } from "./ward.js";

/** Above this many points the correlation is computed on a seeded sample of this many points. */
export const COPHENETIC_EXACT_MAX = 10_000;

/**
 * Cophenetic correlation (scipy.cluster.hierarchy.cophenet): Pearson correlation between the Euclidean distance of
 * every pair of points and the height of the merge that first joins them. Exact up to COPHENETIC_EXACT_MAX points;
 * above, the pairs among a seeded uniform sample of that many points.
 */
export function copheneticCorrelation(X: Matrix, linkage: Linkage, seed = 42): number | null {
  const { rows: n, cols: d } = X;
  if (n < 3) return null;
  const inSample = new Uint8Array(n);
  if (n <= COPHENETIC_EXACT_MAX) inSample.fill(1);
  else for (const i of sampleIndices(n, COPHENETIC_EXACT_MAX, createRng(seed))) inSample[i] = 1;
  const members: Array<number[] | undefined> = new Array(2 * n - 1);
  for (let i = 0; i < n; i++) members[i] = inSample[i] ? [i] : [];
  let cnt = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  // Sums of shifted values (by the first pair's) keep the one-pass variance from cancelling catastrophically.
  let x0 = Number.NaN;
  let y0 = 0;
  linkage.forEach(([a, b, h], i) => {
    const ma = members[a]!;
    const mb = members[b]!;
    for (const p of ma) {
      for (const q of mb) {
        if (Number.isNaN(x0)) {
          x0 = Math.sqrt(sqDist(X.data, p, X.data, q, d));
          y0 = h;
        }
        const x = Math.sqrt(sqDist(X.data, p, X.data, q, d)) - x0;
        const y = h - y0;
        cnt++;
        sx += x;
        sy += y;
        sxx += x * x;
        syy += y * y;
        sxy += x * y;
      }
    }
    members[n + i] = ma.length >= mb.length ? ma.concat(mb) : mb.concat(ma);
    members[a] = undefined;
    members[b] = undefined;
  });
  const cov = sxy - (sx * sy) / cnt;
  const vx = sxx - (sx * sx) / cnt;
  const vy = syy - (sy * sy) / cnt;
  if (!(vx > 0 && vy > 0)) return null;
  return cov / Math.sqrt(vx * vy);
}
