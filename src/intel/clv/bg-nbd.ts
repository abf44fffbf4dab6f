import { TesseraError } from "../../model/index.js";
import { minimizeBfgs } from "../math/bfgs-minimize.js";
import { digamma, hyp2f1, logGamma } from "../math/special-functions.js";
import {
  type CompressedSummary,
  compressSummary,
  type FrequencySummary,
  validateSummary,
} from "./frequency-summary.js";

/**
 * BG/NBD model (Fader, Hardie & Lee 2005, "Counting Your Customers the Easy Way"): purchase rate λ ~ Gamma(r, α),
 * drop-out probability after each repeat purchase p ~ Beta(a, b). Times are in the summary's unit.
 */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  /** Full log-likelihood Σᵢ ln L(r, α, a, b | xᵢ, tₓᵢ, Tᵢ) of eq. (6), in the caller's time unit. */
  logLikelihood: number;
  iterations: number;
  converged: boolean;
}

/** ln L of one customer (FHL 2005 eq. 6). */
export function bgNbdCustomerLogLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const base =
    logGamma(r + x) -
    logGamma(r) +
    r * Math.log(alpha) +
    logGamma(a + b) +
    logGamma(b + x) -
    logGamma(b) -
    logGamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return base + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  const m = Math.max(a3, a4);
  return base + m + Math.log(Math.exp(a3 - m) + Math.exp(a4 - m));
}

/** Σ of the customers' log-likelihoods. */
export function bgNbdLogLikelihood(p: BgNbdParams, s: FrequencySummary): number {
  const c = compressSummary(s);
  return -negLogLikelihood(c, [p.r, p.alpha, p.a, p.b], null) * c.total;
}

/**
 * Mean negative log-likelihood over the compressed customers, with its gradient with respect to the
 * log-parameters when `grad` is given. Γ and ψ terms depend on x only, so they are computed once per distinct x.
 */
export function negLogLikelihood(c: CompressedSummary, params: ArrayLike<number>, grad: Float64Array | null): number {
  const r = params[0]!;
  const alpha = params[1]!;
  const a = params[2]!;
  const b = params[3]!;
  const k = c.distinctX.length;
  const base = new Float64Array(k);
  const dr = new Float64Array(k);
  const da = new Float64Array(k);
  const db = new Float64Array(k);
  const logB1 = new Float64Array(k);
  const lgR = logGamma(r);
  const lgB = logGamma(b);
  const lgAB = logGamma(a + b);
  const psiR = digamma(r);
  const psiB = digamma(b);
  const psiAB = digamma(a + b);
  const logAlpha = Math.log(alpha);
  const logA = Math.log(a);
  for (let j = 0; j < k; j++) {
    const x = c.distinctX[j]!;
    base[j] = logGamma(r + x) - lgR + r * logAlpha + lgAB + logGamma(b + x) - lgB - logGamma(a + b + x);
    logB1[j] = x > 0 ? Math.log(b + x - 1) : 0;
    if (grad) {
      const psiABX = digamma(a + b + x);
      dr[j] = digamma(r + x) - psiR + logAlpha;
      da[j] = psiAB - psiABX;
      db[j] = psiAB + digamma(b + x) - psiB - psiABX;
    }
  }
  let ll = 0;
  let gr = 0;
  let gAlpha = 0;
  let ga = 0;
  let gb = 0;
  const n = c.x.length;
  for (let i = 0; i < n; i++) {
    const x = c.x[i]!;
    const j = c.xIndex[i]!;
    const wt = c.weight[i]!;
    const logAT = Math.log(alpha + c.T[i]!);
    const a3 = -(r + x) * logAT;
    let li = base[j]! + a3;
    let w = 0;
    let logATx = 0;
    if (x > 0) {
      logATx = Math.log(alpha + c.tx[i]!);
      const a4 = logA - logB1[j]! - (r + x) * logATx;
      if (a4 > a3) {
        const e = Math.exp(a3 - a4);
        li = base[j]! + a4 + Math.log1p(e);
        w = 1 / (1 + e);
      } else {
        const e = Math.exp(a4 - a3);
        li += Math.log1p(e);
        w = e / (1 + e);
      }
    }
    ll += wt * li;
    if (grad) {
      const v = 1 - w;
      gr += wt * (dr[j]! - v * logAT - (x > 0 ? w * logATx : 0));
      gAlpha += wt * (r / alpha - (r + x) * (v / (alpha + c.T[i]!) + (x > 0 ? w / (alpha + c.tx[i]!) : 0)));
      ga += wt * (da[j]! + (x > 0 ? w / a : 0));
      gb += wt * (db[j]! - (x > 0 ? w / (b + x - 1) : 0));
    }
  }
  const inv = 1 / c.total;
  if (grad) {
    // Chain rule to log-parameters: ∂/∂ln θ = θ ∂/∂θ; minus for the negative log-likelihood.
    grad[0] = -gr * r * inv;
    grad[1] = -gAlpha * alpha * inv;
    grad[2] = -ga * a * inv;
    grad[3] = -gb * b * inv;
  }
  return -ll * inv;
}

/**
 * Maximum-likelihood fit of (r, α, a, b) by BFGS on log-parameters with the analytic gradient. Times are rescaled
 * so the longest T is 10 during the fit (α scales with the time unit, the other parameters do not).
 */
export function fitBgNbd(s: FrequencySummary): BgNbdFit {
  validateSummary(s);
  const n = s.frequency.length;
  if (n === 0) throw new TesseraError({ code: "clv_no_customers", message: "no customers to fit" });
  let maxT = 0;
  for (let i = 0; i < n; i++) maxT = Math.max(maxT, s.T[i]!);
  const scale = 10 / maxT;
  const c = compressSummary(s, scale);
  const exp4 = new Float64Array(4);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    for (let i = 0; i < 4; i++) exp4[i] = Math.exp(theta[i]!);
    return negLogLikelihood(c, exp4, grad);
  };
  const best = minimizeBfgs(objective, [0, 0, 0, 0], { maxIterations: 2000, gradientTolerance: 1e-9 });
  const params: BgNbdParams = {
    r: Math.exp(best.x[0]!),
    alpha: Math.exp(best.x[1]!) / scale,
    a: Math.exp(best.x[2]!),
    b: Math.exp(best.x[3]!),
  };
  // Back to the caller's unit without another pass: each customer's density of tₓ carries a factor scale^−x.
  let sumX = 0;
  for (let i = 0; i < c.x.length; i++) sumX += c.weight[i]! * c.x[i]!;
  const logLikelihood =
    -negLogLikelihood(c, [params.r, params.alpha * scale, params.a, params.b], null) * n + sumX * Math.log(scale);
  return { ...params, logLikelihood, iterations: best.iterations, converged: best.converged };
}

/** P(alive | x, tₓ, T) (FHL 2005 eq. 11); 1 for customers without repeat purchases. */
export function bgNbdProbabilityAlive(p: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const logOdds = Math.log(p.a) - Math.log(p.b + x - 1) + (p.r + x) * (Math.log(p.alpha + T) - Math.log(p.alpha + tx));
  return 1 / (1 + Math.exp(logOdds));
}

/**
 * E[Y(t) | x, tₓ, T]: expected purchases in the next t time units (FHL 2005 eq. 10). The factor
 * ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z) is summed either directly or after Euler's transformation,
 * (1−z)^(a−1) ₂F₁(a+b−1−r, a−1; a+b+x−1; z), whichever series has the smaller numerator parameters: for usual fits
 * the transformed one (its parameters do not grow with x, so heavy buyers neither overflow nor converge slowly),
 * for degenerate fits with a huge a the direct one.
 */
export function bgNbdExpectedPurchases(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  if (t <= 0) return 0;
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const c = a + b + x - 1;
  const log1mz = Math.log1p(-z);
  const direct = Math.abs((r + x) * (b + x));
  const euler = Math.abs((a + b - 1 - r) * (a - 1));
  const tail =
    euler <= direct
      ? Math.exp((a - 1) * log1mz) * hyp2f1(a + b - 1 - r, a - 1, c, z)
      : Math.exp((r + x) * log1mz) * hyp2f1(r + x, b + x, c, z);
  const numerator = (c / (a - 1)) * (1 - tail);
  if (x === 0) return numerator;
  const ratio = Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
  return numerator / (1 + ratio);
}
