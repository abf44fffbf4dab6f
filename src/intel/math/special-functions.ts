/**
 * Special functions for the likelihoods: log Γ, digamma and the Gauss hypergeometric series.
 * Written for positive real arguments (all the models' parameters are positive).
 */

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0: upward recurrence to x ≥ 12, then Stirling's series (truncation error < 3e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let shift = 1;
  let z = x;
  while (z < 12) {
    shift *= z;
    z += 1;
  }
  const inv = 1 / z;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (z - 0.5) * Math.log(z) - z + HALF_LOG_2PI + series - Math.log(shift);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence to x ≥ 10, then the asymptotic series (error < 1e-13). */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let acc = 0;
  let z = x;
  while (z < 10) {
    acc -= 1 / z;
    z += 1;
  }
  const inv2 = 1 / (z * z);
  const series = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 / 132))));
  return acc + Math.log(z) - 0.5 / z - series;
}

/** ln B(a, b). */
export const logBeta = (a: number, b: number): number => logGamma(a) + logGamma(b) - logGamma(a + b);

/**
 * ₂F₁(a, b; c; z) by its power series, for 0 ≤ z < 1 and c > 0. Callers arrange (by Euler's transformation)
 * that a and b stay small so the terms decay fast; the series stops once a term no longer changes the sum.
 */
export function hyp2f1(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let n = 0; n < 200_000; n++) {
    term *= ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= 1e-16 * Math.abs(sum)) break;
  }
  return sum;
}
