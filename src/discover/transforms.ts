import { TesseraError } from "../model/index.js";
import type { Matrix } from "./matrix.js";
import { columnMeans, columnStds } from "./matrix.js";

export type TransformKind = "log1p" | "zscore";
export const TRANSFORMS: readonly TransformKind[] = ["log1p", "zscore"];

/** A fitted transform: what is needed to apply it again or invert it. */
export type FittedTransform = { kind: "log1p" } | { kind: "zscore"; mean: Float64Array; sd: Float64Array };

/**
 * Applies the transforms in the order listed, returning a new matrix and the fitted steps. zscore uses the population
 * standard deviation; a constant feature (sd 0) is only centred. log1p needs every value > −1; the error names the
 * row (0-based) and column in `details`.
 */
export function applyTransforms(X: Matrix, kinds: readonly TransformKind[]): { X: Matrix; steps: FittedTransform[] } {
  const { rows: n, cols: d } = X;
  // Keep shared memory shared, so threaded k-means need not copy the data again.
  const data =
    X.data.buffer instanceof SharedArrayBuffer
      ? new Float64Array(new SharedArrayBuffer(X.data.byteLength))
      : new Float64Array(X.data.length);
  data.set(X.data);
  const out: Matrix = { data, rows: n, cols: d };
  const steps: FittedTransform[] = [];
  for (const kind of kinds) {
    if (kind === "log1p") {
      for (let i = 0; i < data.length; i++) {
        const v = data[i]!;
        if (!(v > -1)) {
          throw new TesseraError({
            code: "transform_domain",
            path: ["transform", "log1p"],
            message: `log1p needs values > -1, got ${v}`,
            details: { row: Math.floor(i / d), col: i % d, value: v },
          });
        }
        data[i] = Math.log1p(v);
      }
      steps.push({ kind });
    } else {
      const mean = columnMeans(out);
      const sd = columnStds(out, mean);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) data[i * d + j] = (data[i * d + j]! - mean[j]!) / (sd[j]! || 1);
      }
      steps.push({ kind, mean, sd });
    }
  }
  return { X: out, steps };
}

/**
 * Maps rows (e.g. cluster centres) from transformed space back to original units by inverting the steps in reverse
 * order: zscore → x·sd + mean, log1p → expm1. For log1p this is expm1 of the mean in log space (a geometric-style
 * centre), not the arithmetic mean of the original values.
 */
export function inverseTransform(rows: Float64Array, d: number, steps: readonly FittedTransform[]): Float64Array {
  const out = rows.slice();
  for (let s = steps.length - 1; s >= 0; s--) {
    const step = steps[s]!;
    for (let i = 0; i < out.length; i++) {
      const j = i % d;
      out[i] = step.kind === "log1p" ? Math.expm1(out[i]!) : out[i]! * (step.sd[j]! || 1) + step.mean[j]!;
    }
  }
  return out;
}

/** Parses a comma-separated transform list (e.g. "log1p,zscore"). */
export function parseTransforms(text: string | undefined): TransformKind[] {
  if (text === undefined || text.trim() === "") return [];
  return text.split(",").map((t) => {
    const k = t.trim() as TransformKind;
    if (!TRANSFORMS.includes(k)) {
      throw new TesseraError({
        code: "transform_unknown",
        path: ["--transform"],
        message: `unknown transform "${t.trim()}" in --transform; known: ${TRANSFORMS.join(", ")}`,
      });
    }
    return k;
  });
}
