import type { Matrix } from "./matrix.js";
import { columnMeans, labelMeans, sqDist } from "./matrix.js";
import { createRng, sampleIndices } from "./prng.js";

/** Up to this many points the silhouette is exact; above, it is the silhouette of a seeded sample of this size. */
export const SILHOUETTE_EXACT_MAX = 20_000;
export const SILHOUETTE_SAMPLE = 10_000;

const countLabels = (labels: ArrayLike<number>): number => {
  let k = 0;
  for (let i = 0; i < labels.length; i++) if (labels[i]! + 1 > k) k = labels[i]! + 1;
  return k;
};

const nonEmpty = (sizes: number[]): number => sizes.filter((s) => s > 0).length;

/** sum[i * k + c] = total Euclidean distance from point i to the points of cluster c (each pair computed once). */
function pairDistanceSums(data: Float64Array, lab: Int32Array, n: number, d: number, k: number): Float64Array {
  const sum = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const li = lab[i]!;
    const oi = i * d;
    const si = i * k;
    for (let j = i + 1; j < n; j++) {
      let q = 0;
      const oj = j * d;
      for (let t = 0; t < d; t++) {
        const z = data[oi + t]! - data[oj + t]!;
        q += z * z;
      }
      const dist = Math.sqrt(q);
      sum[si + lab[j]!]! += dist;
      sum[j * k + li]! += dist;
    }
  }
  return sum;
}

/**
 * Mean silhouette coefficient (Rousseeuw 1987) with scikit-learn's conventions: Euclidean distance, s(i) = 0 for a
 * point alone in its cluster, undefined (null) unless 2 ≤ clusters ≤ n − 1. Above SILHOUETTE_EXACT_MAX points it is
 * computed on a seeded uniform sample of SILHOUETTE_SAMPLE points (distances among the sample only, like
 * scikit-learn's `sample_size`).
 */
export function silhouette(X: Matrix, labels: ArrayLike<number>, seed = 42): number | null {
  let { rows: n } = X;
  const d = X.cols;
  let data = X.data;
  // One concrete array type keeps the O(n²) loop monomorphic (plain arrays and typed arrays both arrive here).
  let lab = Int32Array.from(labels);
  if (n > SILHOUETTE_EXACT_MAX) {
    const idx = sampleIndices(n, SILHOUETTE_SAMPLE, createRng(seed));
    data = new Float64Array(idx.length * d);
    const l = new Int32Array(idx.length);
    idx.forEach((r, i) => {
      data.set(X.data.subarray(r * d, r * d + d), i * d);
      l[i] = labels[r]!;
    });
    lab = l;
    n = idx.length;
  }
  const k = countLabels(lab);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[lab[i]!]!++;
  const used = nonEmpty(sizes);
  if (used < 2 || used > n - 1) return null;
  const sum = pairDistanceSums(data, lab, n, d, k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const li = lab[i]!;
    if (sizes[li]! <= 1) continue;
    const a = sum[i * k + li]! / (sizes[li]! - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c === li || sizes[c] === 0) continue;
      const m = sum[i * k + c]! / sizes[c]!;
      if (m < b) b = m;
    }
    const den = Math.max(a, b);
    if (den > 0) total += (b - a) / den;
  }
  return total / n;
}

/**
 * Davies–Bouldin index (Davies & Bouldin 1979) as scikit-learn computes it: S_i = mean distance of cluster i's points
 * to its centroid, R_ij = (S_i + S_j) / ‖c_i − c_j‖, DB = mean over clusters of max_j R_ij; 0 when every S_i or every
 * centroid distance is 0; null with fewer than 2 clusters.
 */
export function daviesBouldin(X: Matrix, labels: ArrayLike<number>): number | null {
  const { rows: n, cols: d } = X;
  const k = countLabels(labels);
  const { means, sizes } = labelMeans(X, labels, k);
  const ids = sizes.map((s, i) => (s > 0 ? i : -1)).filter((i) => i >= 0);
  if (ids.length < 2) return null;
  const spread = new Float64Array(k);
  for (let i = 0; i < n; i++) spread[labels[i]!]! += Math.sqrt(sqDist(X.data, i, means, labels[i]!, d));
  for (const c of ids) spread[c]! /= sizes[c]!;
  let allSpreadZero = true;
  let allCentersSame = true;
  let total = 0;
  for (const c of ids) {
    if (spread[c]! > 1e-8) allSpreadZero = false;
    let worst = 0;
    for (const o of ids) {
      if (o === c) continue;
      const m = Math.sqrt(sqDist(means, c, means, o, d));
      if (m > 1e-8) allCentersSame = false;
      const r = m === 0 ? 0 : (spread[c]! + spread[o]!) / m;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  if (allSpreadZero || allCentersSame) return 0;
  return total / ids.length;
}

/**
 * Calinski–Harabasz index (1974): [B / (k − 1)] / [W / (n − k)] with B the between-cluster and W the within-cluster
 * dispersion; 1 when W = 0 (scikit-learn's convention); null unless 2 ≤ clusters ≤ n − 1.
 */
export function calinskiHarabasz(X: Matrix, labels: ArrayLike<number>): number | null {
  const { rows: n, cols: d } = X;
  const k = countLabels(labels);
  const { means, sizes } = labelMeans(X, labels, k);
  const used = nonEmpty(sizes);
  if (used < 2 || used > n - 1) return null;
  const mean = columnMeans(X);
  let between = 0;
  for (let c = 0; c < k; c++) if (sizes[c]! > 0) between += sizes[c]! * sqDist(means, c, mean, 0, d);
  let within = 0;
  for (let i = 0; i < n; i++) within += sqDist(X.data, i, means, labels[i]!, d);
  if (within === 0) return 1;
  return (between * (n - used)) / (within * (used - 1));
}
