import type { StoreTx } from "../../store/index.js";

/** The computed-trait names the engine owns; a refresh replaces all their rows at once. */
export const ENGINE_TRAITS = [
  "rfm",
  "clv",
  "churn",
  "inmarket",
  "lead",
  "lifecycle",
  "next_product",
  "channel",
] as const;
export type EngineTrait = (typeof ENGINE_TRAITS)[number];

/** Profile → JSON text of the value, per trait name. */
export type TraitValues = Map<EngineTrait, Map<string, string>>;

/**
 * Replaces the rows of each given trait inside the caller's transaction and returns, per trait, the rows written
 * and the profiles whose value was added, changed or removed (sorted): the new values go into a temporary table,
 * then rows that disappeared are deleted, existing keys updated in place and new keys inserted. Deleting and
 * re-inserting the same (profile_id, name) keys in one transaction is pathologically slow in DuckDB's unique index
 * (minutes for 300k rows), and its appender rejects such keys outright; an in-place UPDATE of the value columns does
 * not touch the index.
 */
export async function writeTraits(
  tx: StoreTx,
  values: TraitValues,
  versions: ReadonlyMap<EngineTrait, number>,
  computedAt: number,
): Promise<{ written: Record<string, number>; changed: string[] }> {
  const written: Record<string, number> = {};
  await tx.run(
    "CREATE OR REPLACE TEMP TABLE intel_new (profile_id VARCHAR, name VARCHAR, value VARCHAR, version INTEGER)",
  );
  for (const [name, byProfile] of values) {
    written[name] = byProfile.size;
    if (byProfile.size === 0) continue;
    await tx.run(
      `INSERT INTO intel_new SELECT p, $3, v, $4 FROM
         (SELECT unnest(CAST(json($1) AS VARCHAR[])) AS p, unnest(CAST(json($2) AS VARCHAR[])) AS v)`,
      [JSON.stringify([...byProfile.keys()]), JSON.stringify([...byProfile.values()]), name, versions.get(name) ?? 1],
    );
  }
  const names = [...values.keys()];
  const inNames = names.map((_, i) => `$${i + 1}`).join(", ");
  // Profiles with a value added, changed or removed, before anything is applied.
  const changed = await tx.all<{ p: string }>(
    `SELECT DISTINCT coalesce(n.profile_id, c.profile_id) AS p
       FROM intel_new n FULL JOIN (SELECT * FROM computed_traits WHERE name IN (${inNames})) c
         ON n.profile_id = c.profile_id AND n.name = c.name
      WHERE n.value IS DISTINCT FROM c.value ORDER BY p`,
    names,
  );
  await tx.run(
    `DELETE FROM computed_traits c WHERE c.name IN (${inNames})
       AND NOT EXISTS (SELECT 1 FROM intel_new n WHERE n.profile_id = c.profile_id AND n.name = c.name)`,
    names,
  );
  await tx.run(
    `UPDATE computed_traits c SET value = n.value, version = n.version, computed_at = $1
       FROM intel_new n WHERE n.profile_id = c.profile_id AND n.name = c.name`,
    [computedAt],
  );
  await tx.run(
    `INSERT INTO computed_traits SELECT n.profile_id, n.name, n.value, n.version, $1 FROM intel_new n
       WHERE NOT EXISTS (SELECT 1 FROM computed_traits c WHERE c.profile_id = n.profile_id AND c.name = n.name)`,
    [computedAt],
  );
  await tx.run("DROP TABLE intel_new");
  return { written, changed: changed.map((r) => r.p) };
}
