import type { Queryable } from "../../../store/index.js";

export interface SizePoint {
  day: string;
  entered: number;
  exited: number;
  /** Members at the end of the day. */
  size: number;
}

export interface SegmentSizes {
  segment: string;
  current: number;
  days: SizePoint[];
}

const DAY = 86_400_000;
export const MAX_SIZE_DAYS = 730;

/**
 * Entries and exits per UTC day from membership_log and the size at the end of each day. Sizes are anchored on the
 * current memberships count and walked backwards (size(d) = current − net changes after d), so they stay exact when
 * the log has been trimmed at its old end. Days without changes are filled in.
 */
export async function segmentSizes(
  db: Queryable,
  segment: string,
  opts: { days?: number; now?: number } = {},
): Promise<SegmentSizes> {
  const now = opts.now ?? Date.now();
  const span = Math.min(Math.max(opts.days ?? 90, 1), MAX_SIZE_DAYS);
  const today = Math.floor(now / DAY);
  const firstDay = today - span + 1;
  const [cur, rows, later] = await Promise.all([
    db.all<{ n: number }>("SELECT count(*) AS n FROM memberships WHERE segment_id = $1", [segment]),
    db.all<{ d: number; e: number; x: number }>(
      `SELECT (changed_at // ${DAY}) AS d, count(*) FILTER (WHERE change = 'entered') AS e,
         count(*) FILTER (WHERE change = 'exited') AS x
       FROM membership_log WHERE segment_id = $1 AND changed_at >= $2 AND changed_at < $3 GROUP BY 1 ORDER BY 1`,
      [segment, firstDay * DAY, (today + 1) * DAY],
    ),
    db.all<{ net: number | null }>(
      `SELECT sum(CASE change WHEN 'entered' THEN 1 WHEN 'exited' THEN -1 ELSE 0 END) AS net
       FROM membership_log WHERE segment_id = $1 AND changed_at >= $2`,
      [segment, (today + 1) * DAY],
    ),
  ]);
  const current = cur[0]?.n ?? 0;
  const byDay = new Map(rows.map((r) => [r.d, r]));
  const days: SizePoint[] = [];
  // Walk from today back: size at end of `today` = current − changes logged after today (future-dated rows).
  let size = current - Number(later[0]?.net ?? 0);
  for (let d = today; d >= firstDay; d--) {
    const r = byDay.get(d);
    days.push({ day: new Date(d * DAY).toISOString().slice(0, 10), entered: r?.e ?? 0, exited: r?.x ?? 0, size });
    size -= (r?.e ?? 0) - (r?.x ?? 0);
  }
  days.reverse();
  return { segment, current, days };
}
