import { type ErrorPath, eventRefName, eventRefWhere, type SequenceNode } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";
import { eventMatch, windowStart } from "../event-filters.js";

/**
 * Ordered steps by (ts, seq). pc_i at a row = the latest possible start s1 of a chain s1 < … < s_i strictly before
 * that row (a running max, since a later step-i event can only keep a later start). A step-k row at time e closes a
 * chain of span e − pc_{k−1}; the profile matches iff the smallest such span ≤ within. k − 1 window passes, no joins.
 */
export function sequenceSql(ctx: CompileContext, n: SequenceNode, path: ErrorPath): NodeResult {
  const k = n.sequence.length;
  const marks = n.sequence.map(
    (step, i) =>
      `(${eventMatch(ctx, eventRefName(step), eventRefWhere(step), [...path, "sequence", i], false)}) AS m${i + 1}`,
  );
  const names = [...new Set(n.sequence.map(eventRefName))].map((x) => ctx.p(x));
  const within = ctx.p(ctx.asOf - windowStart(ctx, n.within, [...path, "within"]));
  const lookback =
    n.lookback === undefined ? "" : ` AND ts > ${ctx.p(windowStart(ctx, n.lookback, [...path, "lookback"]))}`;
  const key = JSON.stringify(["sequence", marks, lookback, ctx.asOf]);
  const name = ctx.side(key, ["span"], (cte) => {
    const w = `OVER (PARTITION BY profile_id ORDER BY ts, seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)`;
    let q = `SELECT profile_id, ts, seq, ${marks.join(", ")} FROM events WHERE ts <= ${ctx.t}${lookback} AND event IN (${names.join(", ")})${ctx.selFilter}`;
    for (let i = 1; i < k; i++) {
      const start = i === 1 ? "ts" : `pc${i - 1}`;
      q = `SELECT *, max(CASE WHEN m${i} THEN ${start} END) ${w} AS pc${i} FROM (${q}) q${i}`;
    }
    const span = k === 1 ? "0" : `ts - pc${k - 1}`;
    void cte;
    return `SELECT profile_id, min(CASE WHEN m${k} THEN ${span} END) AS span FROM (${q}) qs GROUP BY profile_id`;
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
