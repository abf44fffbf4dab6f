import type { Queryable } from "../../../store/index.js";

export interface SegmentOverlap {
  ids: string[];
  sizes: number[];
  /** matrix[i][j] = |S_i ∩ S_j| (the diagonal is |S_i|). */
  matrix: number[][];
  /** Exact combinations (UpSet rows): profiles in exactly these of the requested segments. */
  combinations: { segments: string[]; size: number }[];
  population: number;
}

export const MAX_OVERLAP_SEGMENTS = 40;

/** Pairwise intersections and exact membership combinations of up to 40 segments, from the memberships table. */
export async function segmentOverlap(db: Queryable, ids: readonly string[]): Promise<SegmentOverlap> {
  const inList = ids.map((_, i) => `$${i + 1}`).join(", ");
  const [pairs, combos, pop] = await Promise.all([
    db.all<{ a: string; b: string; n: number }>(
      `SELECT x.segment_id AS a, y.segment_id AS b, count(*) AS n
       FROM memberships x JOIN memberships y ON x.profile_id = y.profile_id
       WHERE x.segment_id IN (${inList}) AND y.segment_id IN (${inList}) AND x.segment_id <= y.segment_id
       GROUP BY 1, 2`,
      ids,
    ),
    db.all<{ combo: string; n: number }>(
      `SELECT combo, count(*) AS n FROM (
         SELECT profile_id, to_json(list(segment_id ORDER BY segment_id))::VARCHAR AS combo
         FROM memberships WHERE segment_id IN (${inList}) GROUP BY profile_id)
       GROUP BY combo ORDER BY n DESC, combo LIMIT 40`,
      ids,
    ),
    db.all<{ n: number }>("SELECT count(*) AS n FROM profiles"),
  ]);
  const index = new Map(ids.map((id, i) => [id, i]));
  const matrix = ids.map(() => ids.map(() => 0));
  for (const p of pairs) {
    const i = index.get(p.a);
    const j = index.get(p.b);
    if (i === undefined || j === undefined) continue;
    matrix[i]![j] = p.n;
    matrix[j]![i] = p.n;
  }
  return {
    ids: [...ids],
    sizes: ids.map((_, i) => matrix[i]![i]!),
    matrix,
    combinations: combos.map((c) => ({ segments: JSON.parse(c.combo) as string[], size: c.n })),
    population: pop[0]?.n ?? 0,
  };
}
