/** A dense row-major matrix of features: data[i * cols + j] is feature j of row i. */
export interface FeatureMatrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** The given rows of a matrix, copied into a new matrix (fold train/test splits). */
export function selectRows(m: FeatureMatrix, rows: ArrayLike<number>): FeatureMatrix {
  const out = new Float64Array(rows.length * m.cols);
  for (let k = 0; k < rows.length; k++) {
    const from = rows[k]! * m.cols;
    out.set(m.data.subarray(from, from + m.cols), k * m.cols);
  }
  return { rows: rows.length, cols: m.cols, data: out };
}

export function selectLabels(y: Uint8Array, rows: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = y[rows[k]!]!;
  return out;
}

export const sigmoid = (z: number): number => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
