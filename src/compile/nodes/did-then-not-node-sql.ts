import { type DidThenNotNode, type ErrorPath, eventRefName, eventRefWhere } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";
import { eventMatch, windowStart } from "../event-filters.js";

/**
 * a = latest `did` ≤ t (and > t − within); member iff a ≤ t − for and no `thenNot` in (a, t]. Since every event in
 * the pass is ≤ t, "no B in (a, t]" is "latest B ≤ a or none": one aggregate each, no self-join.
 */
export function didThenNotSql(ctx: CompileContext, n: DidThenNotNode, path: ErrorPath): NodeResult {
  const d = ctx.dialect;
  const didCond = [eventMatch(ctx, eventRefName(n.did), eventRefWhere(n.did), [...path, "did"])];
  if (n.within !== undefined) didCond.push(`ts > ${ctx.p(windowStart(ctx, n.within, [...path, "within"]))}`);
  // With `within`, a > t − within, so B rows at or before t − within are ≤ a and cannot matter either.
  const from = n.within === undefined ? null : windowStart(ctx, n.within, [...path, "within"]);
  const a = ctx.eventAgg(eventRefName(n.did), d.filteredAgg("max", "ts", didCond.join(" AND ")), from);
  const b = ctx.eventAgg(
    eventRefName(n.thenNot),
    d.filteredAgg(
      "max",
      "ts",
      eventMatch(ctx, eventRefName(n.thenNot), eventRefWhere(n.thenNot), [...path, "thenNot"]),
    ),
    from,
  );
  const deadline = ctx.p(windowStart(ctx, n.for, [...path, "for"]));
  return {
    path,
    kind: "did",
    label: `did ${JSON.stringify(eventRefName(n.did))} then not ${JSON.stringify(eventRefName(n.thenNot))}`,
    truth: `coalesce(${a} <= ${deadline} AND (${b} IS NULL OR ${b} <= ${a}), false)`,
    evidence: [
      { label: "did at", column: a, format: "time" },
      { label: "then-not last at", column: b, format: "time" },
    ],
    children: [],
  };
}
