import { jacobiEigen } from "./jacobi-eigen.js";
import type { Matrix } from "./matrix.js";
import { columnMeans } from "./matrix.js";

export interface PcaResult {
  /** nComponents×d, row-major: the principal axes, each with its largest-magnitude loading positive. */
  components: number[][];
  /** Variances along the axes (sample covariance, divisor n − 1, as scikit-learn's `explained_variance_`). */
  explainedVariance: number[];
  explainedVarianceRatio: number[];
  mean: number[];
  /** n×nComponents, row-major: the centred rows projected on the axes. */
  scores: Float64Array;
}

/** PCA through the covariance matrix and its symmetric eigen-decomposition (Jacobi). */
export function pca(X: Matrix, nComponents = 2): PcaResult {
  const { data, rows: n, cols: d } = X;
  const m = Math.min(nComponents, d);
  const mean = columnMeans(X);
  const cov = new Float64Array(d * d);
  const row = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) row[j] = data[i * d + j]! - mean[j]!;
    for (let a = 0; a < d; a++) {
      const ra = row[a]!;
      for (let b = a; b < d; b++) cov[a * d + b]! += ra * row[b]!;
    }
  }
  const den = Math.max(1, n - 1);
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b]! /= den;
      cov[b * d + a] = cov[a * d + b]!;
    }
  }
  const { values, vectors } = jacobiEigen(cov, d);
  let total = 0;
  for (let j = 0; j < d; j++) total += Math.max(0, values[j]!);
  const components: number[][] = [];
  for (let c = 0; c < m; c++) {
    const axis = Array.from({ length: d }, (_, k) => vectors[k * d + c]!);
    let big = 0;
    for (const x of axis) if (Math.abs(x) > Math.abs(big)) big = x;
    components.push(big < 0 ? axis.map((x) => -x) : axis);
  }
  const scores = new Float64Array(n * m);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < m; c++) {
      const axis = components[c]!;
      let s = 0;
      for (let j = 0; j < d; j++) s += (data[i * d + j]! - mean[j]!) * axis[j]!;
      scores[i * m + c] = s;
    }
  }
  const explainedVariance = Array.from(values.subarray(0, m), (v) => Math.max(0, v));
  return {
    components,
    explainedVariance,
    explainedVarianceRatio: explainedVariance.map((v) => (total > 0 ? v / total : 0)),
    mean: Array.from(mean),
    scores,
  };
}
