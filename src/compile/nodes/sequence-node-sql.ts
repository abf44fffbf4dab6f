import { type ErrorPath, eventRefName, eventRefWhere, type SequenceNode } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";
import { eventMatch, windowStart } from "../event-filters.js";

/**
 * Ordered steps by (ts, seq). For step i's rows, the latest possible start of a chain s1 < … < s_i ending there is
 * found by an ASOF join to the previous step's chained rows (the latest one strictly before: since starts only grow
 * along a profile's rows, the latest earlier row has the latest start). Step k's rows then give the chain spans; the
 * profile matches iff the smallest span ≤ within. k − 1 ASOF (sort-merge) joins of step rows, no window sort of all
 * the profile's events.
 */
export function sequenceSql(ctx: CompileContext, n: SequenceNode, path: ErrorPath): NodeResult {
  const d = ctx.dialect;
  const k = n.sequence.length;
  const within = ctx.p(ctx.asOf - windowStart(ctx, n.within, [...path, "within"]));
  const lookback =
    n.lookback === undefined ? "" : ` AND ts > ${ctx.p(windowStart(ctx, n.lookback, [...path, "lookback"]))}`;
  const steps = n.sequence.map(
    (step, i) =>
      `SELECT profile_id, ts, ${d.orderKey("ts", "seq")} AS o FROM events WHERE ts <= ${ctx.t}${lookback} AND (${eventMatch(ctx, eventRefName(step), eventRefWhere(step), [...path, "sequence", i], false)})${ctx.selFilter}`,
  );
  const key = JSON.stringify(["sequence", steps, ctx.asOf]);
  const name = ctx.side(key, ["span"], () => {
    // c1: step-1 rows, each its own start; c_i: step-i rows ASOF-joined to c_{i−1} (latest earlier chained row).
    let chain = `SELECT profile_id, ts, o, ts AS start FROM (${steps[0]}) x1`;
    for (let i = 1; i < k; i++) {
      chain = `SELECT s.profile_id, s.ts, s.o, c.start FROM (${steps[i]}) s ASOF JOIN (${chain}) c ON s.profile_id = c.profile_id AND s.o > c.o`;
    }
    return `SELECT profile_id, min(ts - start) AS span FROM (${chain}) q GROUP BY profile_id`;
  });
  return {
    path,
    kind: "sequence",
    label: `sequence ${n.sequence.map((s) => JSON.stringify(eventRefName(s))).join(" -> ")}`,
    truth: `coalesce(${name}.span <= ${within}, false)`,
    evidence: [{ label: "shortest span ms", column: `${name}.span`, format: "number" }],
    children: [],
  };
}
