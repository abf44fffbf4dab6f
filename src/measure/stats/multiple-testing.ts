/** Holm's step-down correction of a family of p-values (strong family-wise error control). */

/** Holm-adjusted p-values in the input order: p̃_(i) = max_{j ≤ i} min(1, (m − j + 1) p_(j)). */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((_, i) => i).sort((a, b) => pValues[a]! - pValues[b]!);
  const out = new Array<number>(m);
  let running = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k]!;
    running = Math.max(running, Math.min(1, (m - k) * pValues[i]!));
    out[i] = running;
  }
  return out;
}
