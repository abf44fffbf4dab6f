import type { Queryable, StoreTx } from "../../store/index.js";

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

/** Profiles whose value of any engine trait was added, changed or removed (sorted). */
export async function changedProfiles(db: Queryable, next: TraitValues): Promise<string[]> {
  const names = [...next.keys()];
  if (names.length === 0) return [];
  const rows = await db.all<{ p: string; n: EngineTrait; v: string }>(
    `SELECT profile_id AS p, name AS n, value AS v FROM computed_traits WHERE name IN (${names.map((_, i) => `$${i + 1}`).join(", ")})`,
    names,
  );
  const changed = new Set<string>();
  const seen = new Map<EngineTrait, Set<string>>(names.map((n) => [n, new Set()]));
  for (const r of rows) {
    seen.get(r.n)!.add(r.p);
    if (next.get(r.n)!.get(r.p) !== r.v) changed.add(r.p);
  }
  for (const [name, values] of next) {
    const had = seen.get(name)!;
    for (const p of values.keys()) if (!had.has(p)) changed.add(p);
  }
  return [...changed].sort();
}

/**
 * Replaces the rows of each given trait inside the caller's transaction. Rows go in through one INSERT … SELECT
 * over unnested JSON lists: DuckDB's appender rejects keys deleted earlier in the same transaction.
 */
export async function writeTraits(
  tx: StoreTx,
  values: TraitValues,
  versions: ReadonlyMap<EngineTrait, number>,
  computedAt: number,
): Promise<Record<string, number>> {
  const written: Record<string, number> = {};
  for (const [name, byProfile] of values) {
    await tx.run("DELETE FROM computed_traits WHERE name = $1", [name]);
    written[name] = byProfile.size;
    if (byProfile.size === 0) continue;
    await tx.run(
      `INSERT INTO computed_traits SELECT p, $3, v, $4, $5 FROM
         (SELECT unnest(CAST(json($1) AS VARCHAR[])) AS p, unnest(CAST(json($2) AS VARCHAR[])) AS v)`,
      [
        JSON.stringify([...byProfile.keys()]),
        JSON.stringify([...byProfile.values()]),
        name,
        versions.get(name) ?? 1,
        computedAt,
      ],
    );
  }
  return written;
}
