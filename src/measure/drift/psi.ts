/**
 * Population stability index between an expected (reference) and an actual sample: bins cut at the quantiles of
 * the expected sample (numpy linear interpolation, duplicate edges removed, outer edges ±∞, bins [lower, upper)),
 * shares floored at 1e-6, PSI = Σ (a − e)·ln(a / e).
 */
import { type Numbers, quantileSorted, sortedCopy } from "../stats/descriptive.js";

export interface PsiBin {
  /** null stands for −∞ (first bin) and +∞ (last bin) so the document stays valid JSON. */
  lower: number | null;
  upper: number | null;
  /** Share of the expected sample in the bin (before flooring). */
  expected: number;
  actual: number;
}

export interface PsiResult {
  psi: number;
  bins: PsiBin[];
}

export const PSI_FLOOR = 1e-6;

/** Inner edges at the quantiles i/bins (i = 1 … bins − 1) of the expected sample, without duplicates. */
export function quantileEdges(expected: Numbers, bins: number): Float64Array {
  const sorted = sortedCopy(expected);
  const edges: number[] = [];
  for (let i = 1; i < bins; i++) {
    const q = quantileSorted(sorted, i / bins);
    if (edges.length === 0 || q !== edges[edges.length - 1]) edges.push(q);
  }
  return Float64Array.from(edges);
}

/** Number of edges ≤ v: the index of v's bin [edge[i−1], edge[i]). */
function binOf(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (edges[mid]! <= v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function binShares(values: Numbers, edges: Float64Array): Float64Array {
  const counts = new Float64Array(edges.length + 1);
  for (let i = 0; i < values.length; i++) counts[binOf(edges, values[i]!)]! += 1;
  for (let i = 0; i < counts.length; i++) counts[i]! /= values.length;
  return counts;
}

export function psi(expected: Numbers, actual: Numbers, bins = 10): PsiResult {
  const edges = quantileEdges(expected, bins);
  const e = binShares(expected, edges);
  const a = binShares(actual, edges);
  let total = 0;
  const out: PsiBin[] = [];
  for (let i = 0; i < e.length; i++) {
    const ef = Math.max(e[i]!, PSI_FLOOR);
    const af = Math.max(a[i]!, PSI_FLOOR);
    total += (af - ef) * Math.log(af / ef);
    out.push({
      lower: i === 0 ? null : edges[i - 1]!,
      upper: i === edges.length ? null : edges[i]!,
      expected: e[i]!,
      actual: a[i]!,
    });
  }
  return { psi: total, bins: out };
}

export type DriftLevel = "ok" | "watch" | "alert";

/** PSI below 0.1 is stable, from 0.1 worth watching, from 0.25 a significant shift. */
export const driftLevel = (value: number): DriftLevel => (value >= 0.25 ? "alert" : value >= 0.1 ? "watch" : "ok");
