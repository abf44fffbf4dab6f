/** Eigen-decomposition of a symmetric matrix: values in descending order, vectors as the matching columns. */
export interface SymmetricEigen {
  values: Float64Array;
  /** p×p row-major; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/**
 * Cyclic Jacobi rotations (Golub & Van Loan, Matrix Computations, §8.5): exact to rounding for the small symmetric
 * matrices PCA needs (one row per feature). Sweeps until the off-diagonal mass is negligible.
 */
export function jacobiEigen(matrix: Float64Array, p: number, maxSweeps = 100): SymmetricEigen {
  const a = matrix.slice();
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  let scale = 0;
  for (let i = 0; i < p * p; i++) scale += a[i]! * a[i]!;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += a[i * p + j]! * a[i * p + j]!;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let r = 0; r < p; r++) {
      for (let c = r + 1; c < p; c++) {
        const arc = a[r * p + c]!;
        if (arc === 0) continue;
        const theta = (a[c * p + c]! - a[r * p + r]!) / (2 * arc);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const cos = 1 / Math.sqrt(t * t + 1);
        const sin = t * cos;
        for (let k = 0; k < p; k++) {
          const akr = a[k * p + r]!;
          const akc = a[k * p + c]!;
          a[k * p + r] = cos * akr - sin * akc;
          a[k * p + c] = sin * akr + cos * akc;
        }
        for (let k = 0; k < p; k++) {
          const ark = a[r * p + k]!;
          const ack = a[c * p + k]!;
          a[r * p + k] = cos * ark - sin * ack;
          a[c * p + k] = sin * ark + cos * ack;
        }
        for (let k = 0; k < p; k++) {
          const vkr = v[k * p + r]!;
          const vkc = v[k * p + c]!;
          v[k * p + r] = cos * vkr - sin * vkc;
          v[k * p + c] = sin * vkr + cos * vkc;
        }
      }
    }
  }
  const order = Array.from({ length: p }, (_, i) => i).sort((x, y) => a[y * p + y]! - a[x * p + x]! || x - y);
  const values = new Float64Array(p);
  const vectors = new Float64Array(p * p);
  order.forEach((src, dst) => {
    values[dst] = a[src * p + src]!;
    for (let k = 0; k < p; k++) vectors[k * p + dst] = v[k * p + src]!;
  });
  return { values, vectors };
}
