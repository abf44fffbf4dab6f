/**
 * Distribution functions used by the tests: normal (via the incomplete gamma, so erfc is accurate far into the
 * tails), Student t, chi-square, F and the Kolmogorov limit law, plus quantiles of the normal and t.
 */
import { betaInc, betaIncComplement, gammaP, gammaQ, logBeta } from "./special-functions.js";

const SQRT2PI = Math.sqrt(2 * Math.PI);

/** erfc(x) for every real x: Q(½, x²) for x ≥ 0, which keeps full relative accuracy in the upper tail. */
export const erfc = (x: number): number => (x >= 0 ? gammaQ(0.5, x * x) : 1 + gammaP(0.5, x * x));

/** Standard normal CDF Φ(x). */
export const normalCdf = (x: number): number =>
  x >= 0 ? 1 - 0.5 * gammaQ(0.5, 0.5 * x * x) : 0.5 * gammaQ(0.5, 0.5 * x * x);

/** Standard normal survival 1 − Φ(x), accurate for large x. */
export const normalSf = (x: number): number => normalCdf(-x);

export const normalPdf = (x: number): number => Math.exp(-0.5 * x * x) / SQRT2PI;

// Acklam's rational approximation (relative error < 1.15e-9), refined below by Halley steps on the exact CDF.
const A = [
  -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
];
const B = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
const C = [
  -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
  2.938163982698783,
];
const D = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];

function acklamLower(p: number): number {
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) /
      ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1)
    );
  }
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) /
    (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1)
  );
}

/** Standard normal quantile Φ⁻¹(p): Acklam's start refined by two Halley steps on the lower tail (≈1e-15). */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  if (p > 0.5) return -normalQuantileLower(1 - p);
  return normalQuantileLower(p);
}

function normalQuantileLower(p: number): number {
  let x = acklamLower(p);
  for (let i = 0; i < 2; i++) {
    const e = normalCdf(x) - p;
    const u = e * SQRT2PI * Math.exp(0.5 * x * x);
    x -= u / (1 + 0.5 * x * u);
  }
  return x;
}

/** Two-sided p of a standard normal statistic. */
export const normalTwoSidedP = (z: number): number => Math.min(1, 2 * normalSf(Math.abs(z)));

/** Student t CDF with ν degrees of freedom (ν may be fractional, as in Welch's test). */
export function studentTCdf(t: number, df: number): number {
  if (!Number.isFinite(df) || df > 1e10) return normalCdf(t);
  const x = df / (df + t * t);
  const tail = 0.5 * betaInc(x, df / 2, 0.5, (t * t) / (df + t * t));
  return t > 0 ? 1 - tail : tail;
}

/** Two-sided p of a t statistic: I_{ν/(ν+t²)}(ν/2, ½). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (Number.isNaN(t)) return Number.NaN;
  if (!Number.isFinite(df) || df > 1e10) return normalTwoSidedP(t);
  return Math.min(1, betaInc(df / (df + t * t), df / 2, 0.5, (t * t) / (df + t * t)));
}

export function studentTPdf(t: number, df: number): number {
  return Math.exp(-((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5));
}

/** Student t quantile by Newton steps on the exact CDF from a normal start, bracketed by bisection. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? Number.NEGATIVE_INFINITY : p === 1 ? Number.POSITIVE_INFINITY : Number.NaN;
  if (p === 0.5) return 0;
  if (p > 0.5) return -studentTQuantile(1 - p, df);
  let lo = -1e6;
  let hi = 0;
  let x = Math.max(lo, normalQuantile(p) * (df > 2 ? Math.sqrt(df / (df - 2)) : 3));
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(x, df) - p;
    if (f > 0) hi = x;
    else lo = x;
    if (Math.abs(f) <= 1e-15 * p) break;
    let next = x - f / studentTPdf(x, df);
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-14 * Math.abs(x)) {
      x = next;
      break;
    }
    x = next;
  }
  return x;
}

/** Chi-square survival P(X > x) with k degrees of freedom. */
export const chiSquareSf = (x: number, k: number): number => gammaQ(k / 2, x / 2);

/** F survival P(F > f) with (d1, d2) degrees of freedom. */
export function fSf(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 1;
  const denom = d2 + d1 * f;
  return betaInc(d2 / denom, d2 / 2, d1 / 2, (d1 * f) / denom);
}

/** F CDF, the complement of fSf computed directly. */
export function fCdf(f: number, d1: number, d2: number): number {
  if (!(f > 0)) return 0;
  const denom = d2 + d1 * f;
  return betaIncComplement(d2 / denom, d2 / 2, d1 / 2, (d1 * f) / denom);
}

/**
 * Kolmogorov limit survival Q(λ) = P(K > λ) = 2 Σ (−1)^{k−1} e^{−2k²λ²}; for small λ the theta-function form
 * 1 − √(2π)/λ Σ e^{−(2k−1)²π²/(8λ²)} converges faster.
 */
export function kolmogorovSf(lambda: number): number {
  if (!(lambda > 0)) return 1;
  if (lambda < 1) {
    const w = (Math.PI * Math.PI) / (8 * lambda * lambda);
    let s = 0;
    for (let k = 1; k < 50; k += 2) {
      const term = Math.exp(-k * k * w);
      s += term;
      if (term < 1e-17) break;
    }
    return Math.min(1, Math.max(0, 1 - (SQRT2PI / lambda) * s));
  }
  let s = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    s += k % 2 === 1 ? term : -term;
    if (term < 1e-17) break;
  }
  return Math.min(1, Math.max(0, 2 * s));
}
