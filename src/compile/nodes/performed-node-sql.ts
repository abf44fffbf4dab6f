import type { Cmp, ErrorPath, PerformedNode } from "../../model/index.js";
import type { CompileContext, Evidence, NodeResult } from "../compile-context.js";
import { eventMatch, instantMs, propertyOf, windowStart } from "../event-filters.js";

const CMP_SQL = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** `expr cmp` as SQL (expr never NULL here: counts are coalesced, empty aggregates compare false). */
export function cmpSql(ctx: CompileContext, expr: string, cmp: Cmp): string {
  if (cmp.op === "between") return `coalesce(${expr} BETWEEN ${ctx.p(cmp.value[0])} AND ${ctx.p(cmp.value[1])}, false)`;
  return `coalesce(${expr} ${CMP_SQL[cmp.op]} ${ctx.p(cmp.value)}, false)`;
}

/** Whether `count cmp` is false at count 0: then a member has at least one row in the event's pass. */
function needsOne(cmp: Cmp): boolean {
  switch (cmp.op) {
    case "between":
      return cmp.value[0] > 0 || cmp.value[1] < 0;
    case "gt":
      return cmp.value >= 0;
    case "gte":
    case "eq":
      return cmp.value > 0;
    case "lt":
      return cmp.value <= 0;
    case "lte":
      return cmp.value < 0;
    case "neq":
      return cmp.value === 0;
  }
}

/** Count (and aggregate) of matching events in the window, from the shared events pass. */
export function performedSql(ctx: CompileContext, n: PerformedNode, path: ErrorPath): NodeResult {
  const d = ctx.dialect;
  const conds = [eventMatch(ctx, n.performed, n.where, path)];
  let from: number | null = null;
  if (n.within !== undefined) {
    from = windowStart(ctx, n.within, [...path, "within"]);
    conds.push(`ts > ${ctx.p(from)}`);
  }
  if (n.between !== undefined) {
    from = instantMs(n.between[0]) - 1;
    conds.push(`ts >= ${ctx.p(instantMs(n.between[0]))}`, `ts < ${ctx.p(instantMs(n.between[1]))}`);
  }
  const cond = conds.join(" AND ");
  const countCol = ctx.eventAgg(n.performed, d.filteredAgg("count", "*", cond), from);
  const count = `coalesce(${countCol}, 0)`;
  const evidence: Evidence[] = [{ label: "count", column: countCol, format: "number" }];
  const parts = [cmpSql(ctx, count, n.count ?? { op: "gte", value: 1 })];
  if (n.agg) {
    const prop = propertyOf(ctx, n.agg.property, n.performed, true);
    const aggCol =
      n.agg.fn === "distinct"
        ? ctx.eventAgg(n.performed, d.filteredAgg("countDistinct", d.distinctKey(prop.json), cond), from)
        : ctx.eventAgg(n.performed, d.filteredAgg(n.agg.fn, prop.num, cond), from);
    // Empty sums and distinct counts are 0; empty avg/min/max have no value and compare false.
    const aggExpr = n.agg.fn === "sum" || n.agg.fn === "distinct" ? `coalesce(${aggCol}, 0)` : aggCol;
    evidence.push({ label: `${n.agg.fn}(${n.agg.property})`, column: aggCol, format: "number" });
    parts.push(cmpSql(ctx, aggExpr, n.agg));
  }
  const result: NodeResult = {
    path,
    kind: "performed",
    label: `performed ${JSON.stringify(n.performed)}`,
    truth: parts.length > 1 ? `(${parts.join(" AND ")})` : parts[0]!,
    evidence,
    children: [],
  };
  const anchor = ctx.passName(n.performed);
  if (anchor !== undefined && needsOne(n.count ?? { op: "gte", value: 1 })) result.anchor = anchor;
  return result;
}
