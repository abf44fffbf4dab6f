import { asNumber, pathGet } from "./json-value.js";
import type { TraitOperator } from "./operators/trait-operator.js";
import type { ProfileState } from "./profile-state.js";

/**
 * Population threshold of a topPercent/bottomPercent leaf: among profiles with a numeric value, the k-th best value
 * with k = ceil(p × N / 100); a profile is in iff its value is at least as good (ties at the boundary are all in).
 * This equals SQL's `rank() ≤ ceil(p × N / 100)` because rank = 1 + the number of strictly better values.
 */
export function rankThreshold(leaf: TraitOperator, profiles: Iterable<ProfileState>): number | undefined {
  const values: number[] = [];
  for (const p of profiles) {
    const cell = p.trait(leaf.key);
    if (!cell) continue;
    const v = asNumber(leaf.sub.length ? pathGet(cell.v, leaf.sub) : cell.v);
    if (v !== undefined) values.push(v);
  }
  if (values.length === 0) return undefined;
  const top = leaf.node.op === "topPercent";
  const sorted = Float64Array.from(values).sort();
  if (top) sorted.reverse();
  const k = Math.ceil((Number(leaf.node.value) * values.length) / 100.0);
  return sorted[Math.min(Math.max(k, 1), sorted.length) - 1];
}
