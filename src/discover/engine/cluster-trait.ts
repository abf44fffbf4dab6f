import type { Store } from "../../store/index.js";

/** Name of the computed trait holding every run's assignment: `{ <runName>: label }`, read as `$cluster.<runName>`. */
export const CLUSTER_TRAIT = "cluster";

/**
 * Writes one run's assignment into the `cluster` computed trait, keeping the other runs' keys: profiles of the
 * run get `value[runName] = label`, every other profile loses `runName`; rows left empty are removed. The rows of
 * the trait are replaced in one transaction.
 */
export async function writeClusterTrait(
  store: Store,
  runName: string,
  ids: readonly string[],
  labels: ArrayLike<number>,
  at: number,
): Promise<number> {
  return store.transaction(async (tx) => {
    const old = await tx.all<{ profile_id: string; value: string }>(
      "SELECT profile_id, value FROM computed_traits WHERE name = $1",
      [CLUSTER_TRAIT],
    );
    const values = new Map<string, Record<string, unknown>>();
    for (const r of old) {
      const v = JSON.parse(r.value) as unknown;
      const obj = v !== null && typeof v === "object" && !Array.isArray(v) ? { ...(v as Record<string, unknown>) } : {};
      delete obj[runName];
      values.set(r.profile_id, obj);
    }
    ids.forEach((id, i) => {
      const obj = values.get(id) ?? {};
      obj[runName] = labels[i];
      values.set(id, obj);
    });
    await tx.run("DELETE FROM computed_traits WHERE name = $1", [CLUSTER_TRAIT]);
    const rows = [...values]
      .filter(([, v]) => Object.keys(v).length > 0)
      .map(([id, v]) => [id, CLUSTER_TRAIT, JSON.stringify(v), 1, at] as const);
    if (rows.length) await tx.append("computed_traits", rows);
    return ids.length;
  });
}
