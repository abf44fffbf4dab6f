import type { ErrorPath, FirstNode, LastNode } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";
import { eventMatch, windowStart } from "../event-filters.js";

/** First-ever matching event f ≤ t lies in (t − within, t]. */
export function firstSql(ctx: CompileContext, n: FirstNode, path: ErrorPath): NodeResult {
  // The first-ever occurrence needs all history.
  const col = ctx.eventAgg(
    n.first,
    ctx.dialect.filteredAgg("min", "ts", eventMatch(ctx, n.first, n.where, path)),
    null,
  );
  const from = ctx.p(windowStart(ctx, n.within, [...path, "within"]));
  return {
    path,
    kind: "first",
    label: `first ${JSON.stringify(n.first)}`,
    truth: `coalesce(${col} > ${from}, false)`,
    evidence: [{ label: "first at", column: col, format: "time" }],
    children: [],
  };
}

/** Latest matching event ℓ ≤ t exists, ℓ ≤ t − olderThan and ℓ > t − within (each when given). */
export function lastSql(ctx: CompileContext, n: LastNode, path: ErrorPath): NodeResult {
  // With `within`, only rows in the window can make ℓ > t − within true; older rows cannot change the truth.
  const from = n.within === undefined ? null : windowStart(ctx, n.within, [...path, "within"]);
  const col = ctx.eventAgg(n.last, ctx.dialect.filteredAgg("max", "ts", eventMatch(ctx, n.last, n.where, path)), from);
  const parts = [`${col} IS NOT NULL`];
  if (n.olderThan !== undefined)
    parts.push(`${col} <= ${ctx.p(windowStart(ctx, n.olderThan, [...path, "olderThan"]))}`);
  if (n.within !== undefined) parts.push(`${col} > ${ctx.p(windowStart(ctx, n.within, [...path, "within"]))}`);
  return {
    path,
    kind: "last",
    label: `last ${JSON.stringify(n.last)}`,
    truth: `coalesce(${parts.join(" AND ")}, false)`,
    evidence: [{ label: "last at", column: col, format: "time" }],
    children: [],
  };
}
