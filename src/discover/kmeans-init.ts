import type { Matrix } from "./matrix.js";
import { sqDist } from "./matrix.js";
import type { Rng } from "./prng.js";

/** The first k rows in file order. */
export function firstKCenters(X: Matrix, k: number): Float64Array {
  return X.data.slice(0, k * X.cols);
}

/**
 * k-means++ seeding (Arthur & Vassilvitskii, "k-means++: the advantages of careful seeding", SODA 2007): the first
 * centre is a uniformly random row; each next one is a row drawn with probability proportional to its squared
 * distance to the nearest centre chosen so far. When every remaining distance is zero (fewer distinct rows than k),
 * the next centre is drawn uniformly.
 */
export function kmeansPlusPlusCenters(X: Matrix, k: number, rng: Rng): Float64Array {
  const { data, rows: n, cols: d } = X;
  const centers = new Float64Array(k * d);
  const dist = new Float64Array(n);
  let pick = Math.min(n - 1, Math.floor(rng() * n));
  centers.set(data.subarray(pick * d, pick * d + d), 0);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const s = sqDist(data, i, centers, 0, d);
    dist[i] = s;
    total += s;
  }
  for (let c = 1; c < k; c++) {
    if (total > 0) {
      const r = rng() * total;
      let acc = 0;
      pick = -1;
      for (let i = 0; i < n; i++) {
        acc += dist[i]!;
        if (acc > r && dist[i]! > 0) {
          pick = i;
          break;
        }
      }
      // Rounding can leave r at or above the running sum: take the last row with a positive weight.
      if (pick < 0) for (let i = n - 1; i >= 0 && pick < 0; i--) if (dist[i]! > 0) pick = i;
    } else pick = Math.min(n - 1, Math.floor(rng() * n));
    centers.set(data.subarray(pick * d, pick * d + d), c * d);
    total = 0;
    for (let i = 0; i < n; i++) {
      const s = sqDist(data, i, centers, c, d);
      if (s < dist[i]!) dist[i] = s;
      total += dist[i]!;
    }
  }
  return centers;
}
