/** Dense linear solve by Gaussian elimination with partial pivoting (exact Markov absorption probabilities). */
import { TesseraError } from "../../model/index.js";

/**
 * Solves A x = b for a square row-major matrix A (n×n). A and b are copied, not modified. Throws when A is
 * numerically singular (a pivot below 1e-13 times the largest entry).
 */
export function solveLinear(matrix: Float64Array, rhs: Float64Array, n: number): Float64Array {
  const a = Float64Array.from(matrix);
  const b = Float64Array.from(rhs);
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]!));
  const tol = 1e-13 * (scale || 1);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    let best = Math.abs(a[col * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(a[r * n + col]!);
      if (v > best) {
        best = v;
        pivot = r;
      }
    }
    if (best <= tol) {
      throw new TesseraError({ code: "singular_matrix", message: `linear system is singular at column ${col}` }, 500);
    }
    if (pivot !== col) {
      for (let k = col; k < n; k++) {
        const t = a[col * n + k]!;
        a[col * n + k] = a[pivot * n + k]!;
        a[pivot * n + k] = t;
      }
      const t = b[col]!;
      b[col] = b[pivot]!;
      b[pivot] = t;
    }
    const d = a[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = a[r * n + col]! / d;
      if (f === 0) continue;
      for (let k = col; k < n; k++) a[r * n + k]! -= f * a[col * n + k]!;
      b[r]! -= f * b[col]!;
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let k = r + 1; k < n; k++) s -= a[r * n + k]! * x[k]!;
    x[r] = s / a[r * n + r]!;
  }
  return x;
}
