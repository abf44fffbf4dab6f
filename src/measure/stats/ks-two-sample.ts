/**
 * Two-sample Kolmogorov–Smirnov test. The p-value is exact (lattice-path probability, no ties assumed) when the
 * larger sample has at most 10,000 values, as scipy.stats.ks_2samp(method="auto"), and otherwise the Kolmogorov
 * limit Q(√(n₁n₂/(n₁+n₂))·D), as R's ks.test(exact = FALSE).
 */
import { type Numbers, sortedCopy } from "./descriptive.js";
import { kolmogorovSf } from "./distributions.js";

export interface KsResult {
  d: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

export const KS_EXACT_MAX_N = 10_000;

export function ks2(a: Numbers, b: Numbers, method: "auto" | "exact" | "asymptotic" = "auto"): KsResult {
  const x = sortedCopy(a);
  const y = sortedCopy(b);
  const m = x.length;
  const n = y.length;
  if (m === 0 || n === 0) return { d: Number.NaN, pValue: Number.NaN, method: "asymptotic" };
  // D·m·n as an integer: the ECDF gap is compared only after a whole run of equal values is consumed.
  let i = 0;
  let j = 0;
  let dmn = 0;
  while (i < m || j < n) {
    const v = i < m && (j >= n || x[i]! <= y[j]!) ? x[i]! : y[j]!;
    while (i < m && x[i] === v) i++;
    while (j < n && y[j] === v) j++;
    dmn = Math.max(dmn, Math.abs(i * n - j * m));
  }
  const d = dmn / (m * n);
  const exact = method === "exact" || (method === "auto" && Math.max(m, n) <= KS_EXACT_MAX_N);
  if (exact) return { d, pValue: exactKsP(m, n, dmn), method: "exact" };
  const en = (m * n) / (m + n);
  return { d, pValue: kolmogorovSf(Math.sqrt(en) * d), method: "asymptotic" };
}

/**
 * P(D·m·n ≥ dmn) under H0: a random monotone lattice path from (0,0) to (m,n) touches a cell with
 * |i·n − j·m| ≥ dmn. The path's step probabilities are carried instead of path counts so nothing overflows, and the
 * mass absorbed at the boundary is summed directly so small p-values keep their relative accuracy.
 */
function exactKsP(m: number, n: number, dmn: number): number {
  if (dmn <= 0) return 1;
  let cur = new Float64Array(n + 2);
  let next = new Float64Array(n + 2);
  cur[0] = 1;
  let outside = 0;
  for (let i = 0; i <= m; i++) {
    next.fill(0);
    for (let j = 0; j <= n; j++) {
      const p = cur[j]!;
      if (p === 0) continue;
      if (Math.abs(i * n - j * m) >= dmn) {
        outside += p;
        continue;
      }
      const left = m + n - i - j;
      if (left === 0) continue;
      if (i < m) next[j]! += (p * (m - i)) / left;
      if (j < n) cur[j + 1]! += (p * (n - j)) / left;
    }
    const t = cur;
    cur = next;
    next = t;
  }
  return Math.min(1, outside);
}
