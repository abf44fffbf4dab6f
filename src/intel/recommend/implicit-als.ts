import { SeededRandom } from "../math/seeded-random.js";
import { type PurchaseMatrix, type ScoredItem, topItems } from "./purchase-matrix.js";

/**
 * Implicit-feedback matrix factorisation (Hu, Koren & Volinsky 2008): preference pᵤᵢ = 1 for bought items with
 * confidence cᵤᵢ = 1 + α·(purchase count), 0 with confidence 1 elsewhere; alternating least squares minimises
 * Σ cᵤᵢ (pᵤᵢ − xᵤ·yᵢ)² + λ(‖X‖² + ‖Y‖²). Each row's normal equations (YᵀY + λI + Yᵀ(Cᵤ − I)Y) xᵤ = YᵀCᵤpᵤ are
 * solved approximately by a few warm-started conjugate-gradient steps (Takács et al. 2011), which needs YᵀY once
 * per sweep and then only the row's own items.
 */
export interface AlsOptions {
  factors?: number;
  regularization?: number;
  alpha?: number;
  iterations?: number;
  cgSteps?: number;
  seed?: number;
}

export interface AlsModel {
  factors: number;
  /** customers × factors, row-major. */
  user: Float64Array;
  /** items × factors, row-major. */
  item: Float64Array;
}

export function als(m: PurchaseMatrix, opts: AlsOptions = {}): AlsModel {
  const f = opts.factors ?? 32;
  const lambda = opts.regularization ?? 0.1;
  const alpha = opts.alpha ?? 40;
  const iterations = opts.iterations ?? 15;
  const cgSteps = opts.cgSteps ?? 3;
  const rng = new SeededRandom(opts.seed ?? 42);
  const nu = m.customers.length;
  const ni = m.items.length;
  const user = new Float64Array(nu * f).map(() => rng.normal() * 0.01);
  const item = new Float64Array(ni * f).map(() => rng.normal() * 0.01);
  // Item-major confidences aligned with custIdx, for the item half-sweep.
  const itemCount = new Float64Array(m.custIdx.length);
  const fill = m.itemPtr.slice(0, ni);
  for (let u = 0; u < nu; u++) {
    for (let k = m.custPtr[u]!; k < m.custPtr[u + 1]!; k++) {
      const i = m.itemIdx[k]!;
      itemCount[fill[i]!] = m.count[k]!;
      fill[i] = fill[i]! + 1;
    }
  }
  for (let it = 0; it < iterations; it++) {
    sweep(user, item, nu, f, m.custPtr, m.itemIdx, m.count, lambda, alpha, cgSteps);
    sweep(item, user, ni, f, m.itemPtr, m.custIdx, itemCount, lambda, alpha, cgSteps);
  }
  return { factors: f, user, item };
}

/** One half-sweep: updates every row of X against the fixed factors Y. */
function sweep(
  X: Float64Array,
  Y: Float64Array,
  rows: number,
  f: number,
  ptr: Int32Array,
  idx: Int32Array,
  counts: Float64Array,
  lambda: number,
  alpha: number,
  steps: number,
): void {
  const yty = new Float64Array(f * f);
  const nY = Y.length / f;
  for (let i = 0; i < nY; i++) {
    const o = i * f;
    for (let a = 0; a < f; a++) {
      const ya = Y[o + a]!;
      for (let b = 0; b <= a; b++) yty[a * f + b] = yty[a * f + b]! + ya * Y[o + b]!;
    }
  }
  for (let a = 0; a < f; a++) {
    for (let b = 0; b < a; b++) yty[b * f + a] = yty[a * f + b]!;
    yty[a * f + a] = yty[a * f + a]! + lambda;
  }
  const r = new Float64Array(f);
  const p = new Float64Array(f);
  const ap = new Float64Array(f);
  let maxDeg = 0;
  for (let u = 0; u < rows; u++) maxDeg = Math.max(maxDeg, ptr[u + 1]! - ptr[u]!);
  // The row's partners' factors, gathered once into a contiguous buffer: the CG passes then read sequentially
  // instead of jumping around a matrix that may not fit in cache (a million users × f).
  const ys = new Float64Array(maxDeg * f);
  const conf = new Float64Array(maxDeg);
  for (let u = 0; u < rows; u++) {
    const xo = u * f;
    const deg = ptr[u + 1]! - ptr[u]!;
    for (let k = 0; k < deg; k++) {
      const q = ptr[u]! + k;
      ys.set(Y.subarray(idx[q]! * f, idx[q]! * f + f), k * f);
      conf[k] = alpha * counts[q]!;
    }
    // r = b − A x, with b = Σ cᵤᵢ yᵢ and A x = (YᵀY + λI) x + Σ (cᵤᵢ − 1)(yᵢ·x) yᵢ.
    for (let a = 0; a < f; a++) {
      let s = 0;
      for (let b = 0; b < f; b++) s += yty[a * f + b]! * X[xo + b]!;
      r[a] = -s;
    }
    for (let k = 0; k < deg; k++) {
      const yo = k * f;
      const c1 = conf[k]!;
      let dotYX = 0;
      for (let a = 0; a < f; a++) dotYX += ys[yo + a]! * X[xo + a]!;
      const w = 1 + c1 - c1 * dotYX;
      for (let a = 0; a < f; a++) r[a] = r[a]! + w * ys[yo + a]!;
    }
    p.set(r);
    let rs = 0;
    for (let a = 0; a < f; a++) rs += r[a]! * r[a]!;
    for (let s = 0; s < steps && rs > 1e-20; s++) {
      for (let a = 0; a < f; a++) {
        let v = 0;
        for (let b = 0; b < f; b++) v += yty[a * f + b]! * p[b]!;
        ap[a] = v;
      }
      for (let k = 0; k < deg; k++) {
        const yo = k * f;
        let dotYP = 0;
        for (let a = 0; a < f; a++) dotYP += ys[yo + a]! * p[a]!;
        const w = conf[k]! * dotYP;
        for (let a = 0; a < f; a++) ap[a] = ap[a]! + w * ys[yo + a]!;
      }
      let pap = 0;
      for (let a = 0; a < f; a++) pap += p[a]! * ap[a]!;
      const step = rs / pap;
      let rsNew = 0;
      for (let a = 0; a < f; a++) {
        X[xo + a] = X[xo + a]! + step * p[a]!;
        r[a] = r[a]! - step * ap[a]!;
        rsNew += r[a]! * r[a]!;
      }
      const beta = rsNew / rs;
      for (let a = 0; a < f; a++) p[a] = r[a]! + beta * p[a]!;
      rs = rsNew;
    }
  }
}

/** Top-k items for a customer by xᵤ·yᵢ, the customer's own items excluded. */
export function recommendAls(m: PurchaseMatrix, model: AlsModel, customer: number, k: number): ScoredItem[] {
  const f = model.factors;
  const scores = new Float64Array(m.items.length);
  for (let i = 0; i < scores.length; i++) {
    let s = 0;
    for (let a = 0; a < f; a++) s += model.user[customer * f + a]! * model.item[i * f + a]!;
    scores[i] = s;
  }
  const exclude = new Uint8Array(m.items.length);
  for (let q = m.custPtr[customer]!; q < m.custPtr[customer + 1]!; q++) exclude[m.itemIdx[q]!] = 1;
  return topItems(m, scores, k, exclude, false);
}

/** Items most similar to `item` by cosine of their factor vectors (itself excluded). */
export function similarItemsAls(m: PurchaseMatrix, model: AlsModel, item: number, k: number): ScoredItem[] {
  const f = model.factors;
  const norm = (i: number): number => {
    let s = 0;
    for (let a = 0; a < f; a++) s += model.item[i * f + a]! ** 2;
    return Math.sqrt(s);
  };
  const ni = norm(item);
  const scores = new Float64Array(m.items.length);
  for (let j = 0; j < scores.length; j++) {
    let s = 0;
    for (let a = 0; a < f; a++) s += model.item[item * f + a]! * model.item[j * f + a]!;
    const d = ni * norm(j);
    scores[j] = d > 0 ? s / d : 0;
  }
  const exclude = new Uint8Array(m.items.length);
  exclude[item] = 1;
  return topItems(m, scores, k, exclude, false);
}
