import type { Queryable } from "../../../store/index.js";

export interface SegmentStat {
  id: string;
  size: number;
  entered: number;
  exited: number;
  /** Relative change over the window: (size − size then) / size then; null when the segment was empty then. */
  growth: number | null;
}

/** Current size of every segment that has members or log rows, with entries/exits over the last `days` days. */
export async function segmentStats(
  db: Queryable,
  opts: { days?: number; now?: number } = {},
): Promise<{ population: number; days: number; segments: SegmentStat[] }> {
  const days = Math.min(Math.max(opts.days ?? 7, 1), 365);
  const since = (opts.now ?? Date.now()) - days * 86_400_000;
  const [pop, rows] = await Promise.all([
    db.all<{ n: number }>("SELECT count(*) AS n FROM profiles"),
    db.all<{ id: string; size: number; e: number; x: number }>(
      `WITH s AS (SELECT segment_id, count(*) AS size FROM memberships GROUP BY 1),
         l AS (SELECT segment_id, count(*) FILTER (WHERE change = 'entered') AS e,
                 count(*) FILTER (WHERE change = 'exited') AS x
               FROM membership_log WHERE changed_at > $1 GROUP BY 1)
       SELECT coalesce(s.segment_id, l.segment_id) AS id, coalesce(s.size, 0) AS size,
         coalesce(l.e, 0) AS e, coalesce(l.x, 0) AS x
       FROM s FULL OUTER JOIN l ON s.segment_id = l.segment_id ORDER BY id`,
      [since],
    ),
  ]);
  return {
    population: pop[0]?.n ?? 0,
    days,
    segments: rows.map((r) => {
      const before = r.size - (r.e - r.x);
      return {
        id: r.id,
        size: r.size,
        entered: r.e,
        exited: r.x,
        growth: before > 0 ? (r.size - before) / before : null,
      };
    }),
  };
}
