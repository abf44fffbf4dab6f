import { TesseraError } from "../../model/index.js";
import type { FeatureMatrix } from "./feature-matrix.js";

/**
 * How raw string columns become model features: a column is numeric when every non-blank cell is a finite number
 * (blank cells then read as 0, reported in `blanks`); any other column is one-hot encoded over its sorted levels,
 * dropping the first level (pandas `get_dummies(drop_first=True)`), so the feature "col=level" is 1 on that level.
 */
export type ColumnEncoding =
  | { name: string; kind: "numeric" }
  | { name: string; kind: "categorical"; dropped: string; levels: string[] };

export interface FeatureEncoding {
  columns: ColumnEncoding[];
  features: string[];
}

export interface EncodedFeatures {
  matrix: FeatureMatrix;
  /** Per numeric column, the row indices whose blank cell was read as 0. */
  blanks: { column: string; rows: number[] }[];
}

/** Chooses encodings from the data: `columns[k]` names the k-th cell of each row. */
export function fitEncoding(columns: readonly string[], rows: readonly (readonly string[])[]): FeatureEncoding {
  const out: ColumnEncoding[] = [];
  columns.forEach((name, k) => {
    let numeric = true;
    let nonBlank = 0;
    const levels = new Set<string>();
    for (const row of rows) {
      const cell = row[k] ?? "";
      levels.add(cell);
      if (cell === "") continue;
      nonBlank++;
      if (!Number.isFinite(Number(cell))) numeric = false;
    }
    if (numeric && nonBlank > 0) out.push({ name, kind: "numeric" });
    else {
      const sorted = [...levels].sort();
      out.push({ name, kind: "categorical", dropped: sorted[0] ?? "", levels: sorted.slice(1) });
    }
  });
  return { columns: out, features: featureNames(out) };
}

function featureNames(columns: readonly ColumnEncoding[]): string[] {
  return columns.flatMap((c) => (c.kind === "numeric" ? [c.name] : c.levels.map((l) => `${c.name}=${l}`)));
}

/**
 * Applies an encoding. `columns[k]` names the k-th cell; every encoded column must be present. A level never seen
 * in training encodes as all zeros (like the dropped level); a non-number in a numeric column is an error.
 */
export function encodeFeatures(
  enc: FeatureEncoding,
  columns: readonly string[],
  rows: readonly (readonly string[])[],
  where: (row: number, column: string) => string = (row, column) => `row ${row + 1}, column "${column}"`,
): EncodedFeatures {
  const d = enc.features.length;
  const data = new Float64Array(rows.length * d);
  const blanks: { column: string; rows: number[] }[] = [];
  let offset = 0;
  for (const c of enc.columns) {
    const k = columns.indexOf(c.name);
    if (k < 0)
      throw new TesseraError({ code: "churn_missing_column", path: [c.name], message: `missing column "${c.name}"` });
    if (c.kind === "numeric") {
      const blankRows: number[] = [];
      rows.forEach((row, i) => {
        const cell = row[k] ?? "";
        if (cell === "") {
          blankRows.push(i);
          return;
        }
        const v = Number(cell);
        if (!Number.isFinite(v))
          throw new TesseraError({
            code: "churn_bad_number",
            path: [i, c.name],
            message: `${where(i, c.name)}: expected a number, got ${JSON.stringify(cell)}`,
          });
        data[i * d + offset] = v;
      });
      if (blankRows.length > 0) blanks.push({ column: c.name, rows: blankRows });
      offset += 1;
    } else {
      const pos = new Map(c.levels.map((l, j) => [l, j]));
      rows.forEach((row, i) => {
        const j = pos.get(row[k] ?? "");
        if (j !== undefined) data[i * d + offset + j] = 1;
      });
      offset += c.levels.length;
    }
  }
  return { matrix: { rows: rows.length, cols: d, data }, blanks };
}
