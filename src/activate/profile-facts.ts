import type { Holdout } from "../model/index.js";
import type { Queryable } from "../store/index.js";

export interface TraitFact {
  value: unknown;
  ts: number;
}

/** Current traits of a profile with the event time each was set (consent statements are ordered by it). */
export async function traitFacts(db: Queryable, profileId: string): Promise<Map<string, TraitFact>> {
  const rows = await db.all<{ key: string; value: string; ts: number }>(
    `SELECT key, arg_max(value, (ts, seq)) AS value, max(ts) AS ts FROM trait_values
     WHERE profile_id = $1 GROUP BY key`,
    [profileId],
  );
  const out = new Map<string, TraitFact>();
  for (const r of rows) {
    const v = JSON.parse(r.value) as unknown;
    if (v !== null) out.set(r.key, { value: v, ts: r.ts });
  }
  return out;
}

export const traitValues = (facts: Map<string, TraitFact>): Record<string, unknown> =>
  Object.fromEntries([...facts].map(([k, f]) => [k, f.value]));

/** A dotted path into the traits ("address.city"). */
export function traitAt(traits: Record<string, unknown>, path: string): unknown {
  if (path in traits) return traits[path];
  let cur: unknown = traits;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

export async function isMember(db: Queryable, segmentId: string, profileId: string): Promise<boolean> {
  const rows = await db.all("SELECT 1 FROM memberships WHERE segment_id = $1 AND profile_id = $2", [
    segmentId,
    profileId,
  ]);
  return rows.length > 0;
}

/**
 * The holdout of the latest version of a segment record. Segment records are stored in `definitions` with
 * kind 'segment' and the record as JSON in `body` (DESIGN.md §3); a segment without a record has no holdout.
 */
export async function segmentHoldout(db: Queryable, segmentId: string): Promise<Holdout | null> {
  const rows = await db.all<{ body: string }>(
    `SELECT body FROM definitions WHERE kind = 'segment' AND id = $1 AND NOT coalesce(deleted, false)
     ORDER BY version DESC LIMIT 1`,
    [segmentId],
  );
  if (!rows[0]) return null;
  const rec = JSON.parse(rows[0].body) as { holdout?: Holdout };
  return rec.holdout ?? null;
}

/** Computed traits of a profile under their `$name` (how segments and rules reference them). */
export async function computedTraitValues(db: Queryable, profileId: string): Promise<Record<string, unknown>> {
  const rows = await db.all<{ name: string; value: string }>(
    "SELECT name, value FROM computed_traits WHERE profile_id = $1",
    [profileId],
  );
  return Object.fromEntries(rows.map((r) => [`$${r.name}`, JSON.parse(r.value) as unknown]));
}
