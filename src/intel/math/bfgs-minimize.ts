/**
 * Quasi-Newton minimisation (BFGS with a backtracking Armijo line search) for the models' likelihoods.
 * The objective writes its gradient into `grad` and returns the value; a non-finite value means "outside the domain"
 * and makes the line search step back, so callers can optimise unconstrained log-parameters freely.
 */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

export interface MinimizeOptions {
  maxIterations?: number;
  /** Stop when every gradient component is below this (the objective should be scaled to O(1)). */
  gradientTolerance?: number;
}

export interface MinimizeResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

export function minimizeBfgs(f: Objective, start: ArrayLike<number>, opts: MinimizeOptions = {}): MinimizeResult {
  const n = start.length;
  const maxIter = opts.maxIterations ?? 500;
  const gtol = opts.gradientTolerance ?? 1e-9;
  let x = Float64Array.from(start);
  let g = new Float64Array(n);
  let fx = f(x, g);
  if (!Number.isFinite(fx)) throw new RangeError("minimizeBfgs: the objective is not finite at the start point");
  // Inverse Hessian approximation, row-major, starts as the identity.
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = 1;
  const dir = new Float64Array(n);
  const xNew = new Float64Array(n);
  const gNew = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  let iterations = 0;
  let converged = false;
  let firstStep = true;
  for (; iterations < maxIter; iterations++) {
    if (maxAbs(g) < gtol) {
      converged = true;
      break;
    }
    let slope = 0;
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < n; j++) d -= h[i * n + j]! * g[j]!;
      dir[i] = d;
      slope += d * g[i]!;
    }
    if (slope >= 0) {
      // Not a descent direction: restart from steepest descent.
      h.fill(0);
      for (let i = 0; i < n; i++) {
        h[i * n + i] = 1;
        dir[i] = -g[i]!;
      }
      slope = -dot(g, g);
    }
    // Keep the first step modest so a steep start cannot jump out of the domain in one go.
    let step = firstStep ? Math.min(1, 1 / Math.sqrt(-slope)) : 1;
    let fNew = Number.POSITIVE_INFINITY;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * dir[i]!;
      fNew = f(xNew, gNew);
      if (Number.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) break;
      step *= 0.5;
    }
    if (!(Number.isFinite(fNew) && fNew <= fx)) break;
    firstStep = false;
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = gNew[i]! - g[i]!;
    }
    const sy = dot(s, y);
    const relChange = Math.abs(fx - fNew) / Math.max(1, Math.abs(fx));
    [x, g] = [Float64Array.from(xNew), Float64Array.from(gNew)];
    fx = fNew;
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) updateInverse(h, s, y, hy, sy, n);
    if (relChange < 1e-15 && maxAbs(s) < 1e-12) {
      converged = maxAbs(g) < Math.sqrt(gtol);
      break;
    }
  }
  return { x, value: fx, iterations, converged };
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1/(sᵀy). */
function updateInverse(h: Float64Array, s: Float64Array, y: Float64Array, hy: Float64Array, sy: number, n: number) {
  const rho = 1 / sy;
  let yhy = 0;
  for (let i = 0; i < n; i++) {
    let v = 0;
    for (let j = 0; j < n; j++) v += h[i * n + j]! * y[j]!;
    hy[i] = v;
    yhy += y[i]! * v;
  }
  const coef = (1 + rho * yhy) * rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h[i * n + j] = h[i * n + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + coef * s[i]! * s[j]!;
    }
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/** Central-difference gradient, for checking analytic gradients in tests and for objectives without one. */
export function numericGradient(fn: (x: Float64Array) => number, x: ArrayLike<number>, h = 1e-6): Float64Array {
  const at = Float64Array.from(x);
  const out = new Float64Array(at.length);
  for (let i = 0; i < at.length; i++) {
    const v = at[i]!;
    at[i] = v + h;
    const up = fn(at);
    at[i] = v - h;
    const down = fn(at);
    at[i] = v;
    out[i] = (up - down) / (2 * h);
  }
  return out;
}
