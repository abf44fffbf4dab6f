import { TesseraError } from "../../model/index.js";
import { minimizeBfgs } from "../math/bfgs-minimize.js";
import { digamma, logGamma } from "../math/special-functions.js";

/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013 note): each transaction
 * value ~ Gamma(p, ν), ν ~ Gamma(q, γ) across customers. `v` is γ, in the currency of the monetary values.
 */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  /** Σ over customers with x > 0 of ln f(m̄ₓ | p, q, γ, x). */
  logLikelihood: number;
  customers: number;
  iterations: number;
  converged: boolean;
}

/** ln f(m̄ₓ | p, q, γ, x) for one customer with x > 0 repeat purchases of mean value m > 0. */
export function gammaGammaCustomerLogLikelihood(g: GammaGammaParams, x: number, m: number): number {
  const px = g.p * x;
  return (
    logGamma(px + g.q) -
    logGamma(px) -
    logGamma(g.q) +
    g.q * Math.log(g.v) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + g.q) * Math.log(x * m + g.v)
  );
}

interface SpendData {
  x: Float64Array;
  m: Float64Array;
  xIndex: Int32Array;
  distinctX: Float64Array;
}

export function spendData(frequency: ArrayLike<number>, monetary: ArrayLike<number>, moneyScale: number): SpendData {
  const xs: number[] = [];
  const ms: number[] = [];
  for (let i = 0; i < frequency.length; i++) {
    const x = frequency[i]!;
    if (x <= 0) continue;
    const m = monetary[i]!;
    if (!(m > 0))
      throw new TesseraError({
        code: "clv_bad_monetary",
        path: [i],
        message: `customer ${i}: the Gamma-Gamma model needs a positive monetary value when frequency > 0 (got ${m})`,
      });
    xs.push(x);
    ms.push(m * moneyScale);
  }
  const distinct = [...new Set(xs)].sort((a, b) => a - b);
  const pos = new Map(distinct.map((v, i) => [v, i]));
  return {
    x: Float64Array.from(xs),
    m: Float64Array.from(ms),
    xIndex: Int32Array.from(xs, (v) => pos.get(v)!),
    distinctX: Float64Array.from(distinct),
  };
}

export function negLogLikelihood(d: SpendData, p: number, q: number, v: number, grad: Float64Array | null): number {
  const k = d.distinctX.length;
  const base = new Float64Array(k);
  const psiPxQ = new Float64Array(k);
  const psiPx = new Float64Array(k);
  const lgQ = logGamma(q);
  const logV = Math.log(v);
  for (let j = 0; j < k; j++) {
    const x = d.distinctX[j]!;
    const px = p * x;
    base[j] = logGamma(px + q) - logGamma(px) - lgQ + q * logV + px * Math.log(x);
    if (grad) {
      psiPxQ[j] = digamma(px + q);
      psiPx[j] = digamma(px);
    }
  }
  const psiQ = grad ? digamma(q) : 0;
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gv = 0;
  const n = d.x.length;
  for (let i = 0; i < n; i++) {
    const x = d.x[i]!;
    const j = d.xIndex[i]!;
    const px = p * x;
    const logM = Math.log(d.m[i]!);
    const denom = x * d.m[i]! + v;
    const logDen = Math.log(denom);
    ll += base[j]! + (px - 1) * logM - (px + q) * logDen;
    if (grad) {
      gp += x * (psiPxQ[j]! - psiPx[j]! + logM + Math.log(x) - logDen);
      gq += psiPxQ[j]! - psiQ + logV - logDen;
      gv += q / v - (px + q) / denom;
    }
  }
  if (grad) {
    grad[0] = (-gp * p) / n;
    grad[1] = (-gq * q) / n;
    grad[2] = (-gv * v) / n;
  }
  return -ll / n;
}

/**
 * Maximum-likelihood fit on the customers with frequency > 0 (BFGS on log-parameters, analytic gradient).
 * Values are rescaled to mean 1 during the fit; γ scales with the currency, p and q do not.
 */
export function fitGammaGamma(frequency: ArrayLike<number>, monetary: ArrayLike<number>): GammaGammaFit {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < frequency.length; i++) {
    if (frequency[i]! > 0) {
      sum += monetary[i]!;
      count++;
    }
  }
  if (count === 0)
    throw new TesseraError({
      code: "clv_no_repeat_customers",
      message: "the Gamma-Gamma model needs at least one customer with frequency > 0",
    });
  const scale = count / sum;
  const d = spendData(frequency, monetary, Number.isFinite(scale) && scale > 0 ? scale : 1);
  const e = new Float64Array(3);
  const best = minimizeBfgs(
    (theta, grad) => {
      for (let i = 0; i < 3; i++) e[i] = Math.exp(theta[i]!);
      return negLogLikelihood(d, e[0]!, e[1]!, e[2]!, grad);
    },
    [0, 0, 0],
    { maxIterations: 2000, gradientTolerance: 1e-9 },
  );
  const s = d.m.length > 0 ? scale : 1;
  const params = { p: Math.exp(best.x[0]!), q: Math.exp(best.x[1]!), v: Math.exp(best.x[2]!) / s };
  const raw = spendData(frequency, monetary, 1);
  const logLikelihood = -negLogLikelihood(raw, params.p, params.q, params.v, null) * raw.x.length;
  return { ...params, logLikelihood, customers: raw.x.length, iterations: best.iterations, converged: best.converged };
}

/** E[M | p, q, γ, m̄ₓ, x]: the customer's expected mean transaction value (the population mean pγ/(q−1) when x = 0). */
export function gammaGammaExpectedAverage(g: GammaGammaParams, x: number, m: number): number {
  if (x <= 0) return (g.p * g.v) / (g.q - 1);
  return (g.p * (g.v + x * m)) / (g.p * x + g.q - 1);
}
