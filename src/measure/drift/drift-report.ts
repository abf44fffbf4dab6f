/** Drift of one numeric feature between a reference and a current sample: PSI, its bins, KS and an alert level. */
import type { Numbers } from "../stats/descriptive.js";
import { type KsResult, ks2 } from "../stats/ks-two-sample.js";
import { type DriftLevel, driftLevel, type PsiBin, psi } from "./psi.js";

export interface DriftReport {
  psi: number;
  ks: KsResult;
  bins: PsiBin[];
  level: DriftLevel;
}

export function driftReport(expected: Numbers, actual: Numbers, bins = 10): DriftReport {
  const p = psi(expected, actual, bins);
  return { psi: p.psi, ks: ks2(expected, actual), bins: p.bins, level: driftLevel(p.psi) };
}
