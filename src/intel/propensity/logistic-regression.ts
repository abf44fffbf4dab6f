import { type FeatureMatrix, sigmoid } from "./feature-matrix.js";

/**
 * L2-regularised logistic regression, scikit-learn's objective: ½‖w‖² + C Σ log-loss (intercept unpenalised),
 * fitted by Newton's method with a Cholesky solve. Features are standardised with the training rows' mean and
 * population standard deviation (constant features get scale 1); the model keeps both so it applies to raw rows.
 */
export interface LogisticModel {
  kind: "logistic";
  mean: number[];
  scale: number[];
  coef: number[];
  intercept: number;
}

export interface LogisticOptions {
  C?: number;
  standardize?: boolean;
  maxIterations?: number;
}

export function trainLogistic(X: FeatureMatrix, y: Uint8Array, opts: LogisticOptions = {}): LogisticModel {
  const C = opts.C ?? 1;
  const { rows: n, cols: d } = X;
  const mean = new Float64Array(d);
  const scale = new Float64Array(d).fill(1);
  if (opts.standardize ?? true) {
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] = mean[j]! + X.data[i * d + j]!;
    for (let j = 0; j < d; j++) mean[j] = mean[j]! / Math.max(1, n);
    const ss = new Float64Array(d);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < d; j++) {
        const v = X.data[i * d + j]! - mean[j]!;
        ss[j] = ss[j]! + v * v;
      }
    for (let j = 0; j < d; j++) {
      const sd = Math.sqrt(ss[j]! / Math.max(1, n));
      scale[j] = sd > 1e-12 ? sd : 1;
    }
  }
  // Design with a trailing 1 for the intercept, standardised once.
  const p = d + 1;
  const Z = new Float64Array(n * p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) Z[i * p + j] = (X.data[i * d + j]! - mean[j]!) / scale[j]!;
    Z[i * p + d] = 1;
  }
  const w = new Float64Array(p);
  const objective = (wv: Float64Array): number => {
    let s = 0;
    for (let j = 0; j < d; j++) s += 0.5 * wv[j]! * wv[j]!;
    for (let i = 0; i < n; i++) {
      let z = 0;
      for (let j = 0; j < p; j++) z += Z[i * p + j]! * wv[j]!;
      // log(1 + e^{-z}) for y = 1, log(1 + e^{z}) for y = 0, computed stably.
      const m = y[i] === 1 ? -z : z;
      s += C * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
    }
    return s;
  };
  let f = objective(w);
  const grad = new Float64Array(p);
  const hess = new Float64Array(p * p);
  const trial = new Float64Array(p);
  for (let iter = 0; iter < (opts.maxIterations ?? 100); iter++) {
    grad.fill(0);
    hess.fill(0);
    for (let j = 0; j < d; j++) {
      grad[j] = w[j]!;
      hess[j * p + j] = 1;
    }
    for (let i = 0; i < n; i++) {
      const row = i * p;
      let z = 0;
      for (let j = 0; j < p; j++) z += Z[row + j]! * w[j]!;
      const pr = sigmoid(z);
      const r = C * (pr - y[i]!);
      const h = C * pr * (1 - pr);
      for (let j = 0; j < p; j++) {
        const zj = Z[row + j]!;
        grad[j] = grad[j]! + r * zj;
        const hz = h * zj;
        for (let k = 0; k <= j; k++) hess[j * p + k] = hess[j * p + k]! + hz * Z[row + k]!;
      }
    }
    for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) hess[k * p + j] = hess[j * p + k]!;
    hess[d * p + d] = hess[d * p + d]! + 1e-10;
    const step = choleskySolve(hess, grad, p);
    let t = 1;
    let fNew = f;
    for (let k = 0; k < 30; k++) {
      for (let j = 0; j < p; j++) trial[j] = w[j]! - t * step[j]!;
      fNew = objective(trial);
      if (fNew <= f) break;
      t *= 0.5;
    }
    if (!(fNew <= f)) break;
    w.set(trial);
    const decrease = f - fNew;
    f = fNew;
    let maxStep = 0;
    for (let j = 0; j < p; j++) maxStep = Math.max(maxStep, Math.abs(t * step[j]!));
    if (maxStep < 1e-10 || decrease < 1e-12 * Math.max(1, f)) break;
  }
  return {
    kind: "logistic",
    mean: Array.from(mean),
    scale: Array.from(scale),
    coef: Array.from(w.subarray(0, d)),
    intercept: w[d]!,
  };
}

export function predictLogistic(model: LogisticModel, X: FeatureMatrix): Float64Array {
  const d = X.cols;
  const out = new Float64Array(X.rows);
  for (let i = 0; i < X.rows; i++) {
    let z = model.intercept;
    for (let j = 0; j < d; j++) z += (model.coef[j]! * (X.data[i * d + j]! - model.mean[j]!)) / model.scale[j]!;
    out[i] = sigmoid(z);
  }
  return out;
}

/** Solves A x = b for symmetric positive-definite A (row-major, n × n). */
function choleskySolve(A: Float64Array, b: Float64Array, n: number): Float64Array {
  const L = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = A[i * n + j]!;
      for (let k = 0; k < j; k++) s -= L[i * n + k]! * L[j * n + k]!;
      if (i === j) L[i * n + i] = Math.sqrt(Math.max(s, 1e-300));
      else L[i * n + j] = s / L[j * n + j]!;
    }
  }
  const z = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    for (let k = 0; k < i; k++) s -= L[i * n + k]! * z[k]!;
    z[i] = s / L[i * n + i]!;
  }
  const x = new Float64Array(n);
  for (let i = n - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < n; k++) s -= L[k * n + i]! * x[k]!;
    x[i] = s / L[i * n + i]!;
  }
  return x;
}
