import { type DriftLevel, driftLevel, psi as numericPsi, PSI_FLOOR } from "../drift/psi.js";

/** A sample of one feature: numbers when every value is numeric, otherwise category labels. */
export type FeatureSample = { kind: "numeric"; values: Float64Array } | { kind: "categorical"; values: string[] };

export interface ShiftResult {
  psi: number;
  level: DriftLevel;
  kind: "numeric" | "categorical";
  /** Per bin (numeric) or category: expected and actual shares. */
  bins: { label: string; expected: number; actual: number }[];
}

/** Decodes stored JSON-text values into a sample: numeric when every value is a finite number. */
export function featureSample(raw: readonly (string | null)[]): FeatureSample {
  const decoded = raw.map((v) => {
    if (v === null) return null;
    try {
      return JSON.parse(v) as unknown;
    } catch {
      return v;
    }
  });
  const present = decoded.filter((v) => v !== null && v !== undefined);
  if (present.length > 0 && present.every((v) => typeof v === "number" && Number.isFinite(v))) {
    return { kind: "numeric", values: Float64Array.from(present as number[]) };
  }
  return {
    kind: "categorical",
    values: decoded.map((v) =>
      v === null || v === undefined ? "(missing)" : typeof v === "string" ? v : JSON.stringify(v),
    ),
  };
}

/**
 * PSI between two samples. Numeric: the measure library's quantile-binned PSI. Categorical: one bin per category
 * seen in either sample, shares floored at 1e-6 inside the sum exactly as the numeric version.
 */
export function distributionShift(expected: FeatureSample, actual: FeatureSample, bins = 10): ShiftResult {
  if (expected.kind === "numeric" && actual.kind === "numeric") {
    const r = numericPsi(expected.values, actual.values, bins);
    return {
      psi: r.psi,
      level: driftLevel(r.psi),
      kind: "numeric",
      bins: r.bins.map((b) => ({
        label: `[${b.lower ?? "-inf"}, ${b.upper ?? "inf"})`,
        expected: b.expected,
        actual: b.actual,
      })),
    };
  }
  const label = (s: FeatureSample): string[] => (s.kind === "numeric" ? Array.from(s.values, String) : s.values);
  const e = shares(label(expected));
  const a = shares(label(actual));
  const cats = [...new Set([...e.keys(), ...a.keys()])].sort();
  let total = 0;
  const out: ShiftResult["bins"] = [];
  for (const c of cats) {
    const x = e.get(c) ?? 0;
    const y = a.get(c) ?? 0;
    const xf = Math.max(x, PSI_FLOOR);
    const yf = Math.max(y, PSI_FLOOR);
    total += (yf - xf) * Math.log(yf / xf);
    out.push({ label: c, expected: x, actual: y });
  }
  return { psi: total, level: driftLevel(total), kind: "categorical", bins: out };
}

function shares(values: readonly string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  for (const [k, c] of m) m.set(k, c / values.length);
  return m;
}
