import { DAY_MS } from "../../model/index.js";
import type { Queryable } from "../../store/index.js";
import type { DayRange } from "./kpi-options.js";
import { evaluateMembers, hasMembershipLog, loadSegmentRecord } from "./segment-members.js";

/** Size at the end of each day and the entries/exits during it. */
export interface MembershipDay {
  size: number;
  entries: number;
  exits: number;
}

export interface MembershipSeries {
  source: "membership_log" | "evaluated" | "none";
  days: MembershipDay[];
}

/**
 * Size, entries and exits per UTC day. From membership_log when the segment has one (the size before the range is
 * the running sum of its changes, +1 per entry and −1 per exit, as the log alternates per profile); otherwise by
 * evaluating the definition as of the end of every day with the batch engine and diffing consecutive member sets.
 */
export async function membershipSeries(db: Queryable, segment: string, range: DayRange): Promise<MembershipSeries> {
  const n = range.endDay - range.firstDay;
  if (await hasMembershipLog(db, segment)) {
    const start = range.firstDay * DAY_MS;
    const rows = await db.all<{ day: number | null; entries: number; exits: number }>(
      `SELECT CASE WHEN changed_at < $2 THEN NULL ELSE CAST(floor(changed_at / ${DAY_MS}) AS BIGINT) END AS day,
              count(*) FILTER (WHERE change = 'entered') AS entries, count(*) FILTER (WHERE change = 'exited') AS exits
       FROM membership_log WHERE segment_id = $1 AND changed_at < $3 GROUP BY 1`,
      [segment, start, range.endDay * DAY_MS],
    );
    const days: MembershipDay[] = Array.from({ length: n }, () => ({ size: 0, entries: 0, exits: 0 }));
    let size = 0;
    for (const r of rows) {
      if (r.day === null) size += r.entries - r.exits;
      else {
        const d = days[r.day - range.firstDay];
        if (d) {
          d.entries = r.entries;
          d.exits = r.exits;
        }
      }
    }
    for (const d of days) {
      size += d.entries - d.exits;
      d.size = size;
    }
    return { source: "membership_log", days };
  }
  if (!(await loadSegmentRecord(db, segment))) return { source: "none", days: [] };
  let prev = new Set(await evaluateMembers(db, segment, range.firstDay * DAY_MS - 1));
  const days: MembershipDay[] = [];
  for (let day = range.firstDay; day < range.endDay; day++) {
    const cur = new Set(await evaluateMembers(db, segment, (day + 1) * DAY_MS - 1));
    let entries = 0;
    let exits = 0;
    for (const id of cur) if (!prev.has(id)) entries++;
    for (const id of prev) if (!cur.has(id)) exits++;
    days.push({ size: cur.size, entries, exits });
    prev = cur;
  }
  return { source: "evaluated", days };
}
