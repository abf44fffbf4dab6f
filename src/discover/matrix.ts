/** A dense row-major matrix: row i, column j is data[i * cols + j]. */
export interface Matrix {
  data: Float64Array;
  rows: number;
  cols: number;
}

export const matrix = (data: Float64Array, rows: number, cols: number): Matrix => {
  if (data.length !== rows * cols) throw new RangeError(`matrix: ${data.length} values for ${rows}×${cols}`);
  return { data, rows, cols };
};

/** Column means. */
export function columnMeans(m: Matrix): Float64Array {
  const { data, rows, cols } = m;
  const mean = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) mean[j]! += data[o + j]!;
  }
  for (let j = 0; j < cols; j++) mean[j]! /= rows || 1;
  return mean;
}

/** Column population standard deviations (divisor n), around the given means. */
export function columnStds(m: Matrix, mean: Float64Array): Float64Array {
  const { data, rows, cols } = m;
  const sd = new Float64Array(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * cols;
    for (let j = 0; j < cols; j++) {
      const z = data[o + j]! - mean[j]!;
      sd[j]! += z * z;
    }
  }
  for (let j = 0; j < cols; j++) sd[j] = Math.sqrt(sd[j]! / (rows || 1));
  return sd;
}

/** Squared Euclidean distance between row i of a and row j of b (same column count). */
export function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  const oa = i * d;
  const ob = j * d;
  for (let t = 0; t < d; t++) {
    const z = a[oa + t]! - b[ob + t]!;
    s += z * z;
  }
  return s;
}

/** Per-label means and sizes of the rows of m; empty labels get NaN means. */
export function labelMeans(m: Matrix, labels: ArrayLike<number>, k: number): { means: Float64Array; sizes: number[] } {
  const { data, rows, cols } = m;
  const means = new Float64Array(k * cols);
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < rows; i++) {
    const l = labels[i]!;
    sizes[l]!++;
    const o = i * cols;
    const c = l * cols;
    for (let j = 0; j < cols; j++) means[c + j]! += data[o + j]!;
  }
  for (let l = 0; l < k; l++) for (let j = 0; j < cols; j++) means[l * cols + j]! /= sizes[l]! || Number.NaN;
  return { means, sizes };
}
