import type { Matrix } from "./matrix.js";
import { createRng, sampleIndices } from "./prng.js";
import type { Linkage } from "./ward.js";

/** Above this many points the correlation is computed on a seeded sample of this many points. */
export const COPHENETIC_EXACT_MAX = 10_000;

/**
 * Cophenetic correlation (scipy.cluster.hierarchy.cophenet): Pearson correlation between the Euclidean distance of
 * every pair of points and the height of the merge that first joins them. Exact up to COPHENETIC_EXACT_MAX points;
 * above, over the pairs among a seeded uniform sample of that many points.
 *
 * Points are laid out in dendrogram leaf order so every cluster is a contiguous range; the pairs a merge creates are
 * then a rectangle of two ranges, visited over contiguous memory.
 */
export function copheneticCorrelation(X: Matrix, linkage: Linkage, seed = 42): number | null {
  const { rows: n, cols: d } = X;
  if (n < 3 || linkage.length !== n - 1) return null;
  const included = new Uint8Array(n);
  if (n <= COPHENETIC_EXACT_MAX) included.fill(1);
  else for (const i of sampleIndices(n, COPHENETIC_EXACT_MAX, createRng(seed))) included[i] = 1;
  // Leaf order by an explicit-stack depth-first walk from the root.
  const order: number[] = [];
  const stack = [2 * n - 2];
  while (stack.length) {
    const id = stack.pop()!;
    if (id < n) order.push(id);
    else {
      const row = linkage[id - n]!;
      stack.push(row[1], row[0]);
    }
  }
  const slot = new Int32Array(n).fill(-1);
  const coords = new Float64Array(n * d);
  let m = 0;
  for (const p of order) {
    if (!included[p]) continue;
    slot[p] = m;
    coords.set(X.data.subarray(p * d, p * d + d), m * d);
    m++;
  }
  // start/count of each node's included points in the leaf layout.
  const start = new Int32Array(2 * n - 1);
  const count = new Int32Array(2 * n - 1);
  for (let p = 0; p < n; p++) {
    start[p] = slot[p]!;
    count[p] = included[p]!;
  }
  for (let i = 0; i < n - 1; i++) {
    const [a, b] = linkage[i]!;
    const id = n + i;
    count[id] = count[a]! + count[b]!;
    start[id] = count[a]! > 0 && count[b]! > 0 ? Math.min(start[a]!, start[b]!) : count[a]! > 0 ? start[a]! : start[b]!;
  }
  // Shifts close to the means keep the one-pass sums from cancelling: the mean height is exact from the counts, the
  // mean distance is estimated from a seeded sample of pairs.
  let pairs = 0;
  let hSum = 0;
  for (let i = 0; i < n - 1; i++) {
    const [a, b, h] = linkage[i]!;
    const c = count[a]! * count[b]!;
    pairs += c;
    hSum += c * h;
  }
  const rng = createRng(seed + 1);
  let xSum = 0;
  const probes = 2000;
  for (let t = 0; t < probes; t++) {
    const p = Math.floor(rng() * m);
    const q = Math.floor(rng() * m);
    let s = 0;
    for (let j = 0; j < d; j++) s += (coords[p * d + j]! - coords[q * d + j]!) ** 2;
    xSum += Math.sqrt(s);
  }
  const shift = new Float64Array([xSum / probes, hSum / pairs]);
  const acc = new Float64Array(6);
  for (let i = 0; i < n - 1; i++) {
    const [a, b, h] = linkage[i]!;
    if (count[a]! > 0 && count[b]! > 0) rectangle(coords, d, start[a]!, count[a]!, start[b]!, count[b]!, h, shift, acc);
  }
  const [cnt, sx, sy, sxx, syy, sxy] = acc as unknown as [number, number, number, number, number, number];
  const cov = sxy - (sx * sy) / cnt;
  const vx = sxx - (sx * sx) / cnt;
  const vy = syy - (sy * sy) / cnt;
  if (!(vx > 0 && vy > 0)) return null;
  return cov / Math.sqrt(vx * vy);
}

/**
 * Adds the pairs (p in range A, q in range B) with cophenetic height h to the running sums
 * acc = [count, Σx, Σy, Σx², Σy², Σxy], with x = distance − shift[0] and y = h − shift[1].
 */
function rectangle(
  coords: Float64Array,
  d: number,
  sa: number,
  na: number,
  sb: number,
  nb: number,
  h: number,
  shift: Float64Array,
  acc: Float64Array,
): void {
  const mx = shift[0]!;
  const y = h - shift[1]!;
  let sx = 0;
  let sxx = 0;
  for (let p = sa; p < sa + na; p++) {
    const op = p * d;
    for (let q = sb; q < sb + nb; q++) {
      const oq = q * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const z = coords[op + t]! - coords[oq + t]!;
        s += z * z;
      }
      const x = Math.sqrt(s) - mx;
      sx += x;
      sxx += x * x;
    }
  }
  const pairs = na * nb;
  acc[0]! += pairs;
  acc[1]! += sx;
  acc[2]! += pairs * y;
  acc[3]! += sxx;
  acc[4]! += pairs * y * y;
  acc[5]! += sx * y;
}
