import type { EvalContext } from "./eval-context.js";
import type { OpNode, ReasonHint } from "./operators/operator.js";
import type { PlannedSegment } from "./plan.js";

/**
 * The node that decides a segment's truth value, preferring one the cause touched: for a true `all` (or a false
 * `any`) every child agrees, for a false `all` (or a true `any`) any failing (holding) child does; `not` flips.
 */
function witness(n: OpNode, ctx: EvalContext, want: boolean, hint: ReasonHint): OpNode {
  if (n.kind === "not") return witness(n.children[0]!, ctx, !want, hint);
  if ((n.kind === "all" || n.kind === "any") && n.children.length) {
    const agreeing = n.children.filter((c) => c.value(ctx) === want);
    const pick = agreeing.find((c) => c.touches(hint)) ?? agreeing[0];
    return pick ? witness(pick, ctx, want, hint) : n;
  }
  return n;
}

/** `all[1].performed "Order Completed": count 3 in 30d ≥ 2` — the deciding leaf's path, label and evidence. */
export function reasonFor(seg: PlannedSegment, ctx: EvalContext, member: boolean, hint: ReasonHint): string {
  if (seg.parent >= 0 && !ctx.member(seg.parent)) return `parent: not a member`;
  const n = witness(seg.root, ctx, member, hint);
  const where = n.path ? `${n.path}.` : "";
  const label = n.kind === "all" || n.kind === "any" ? `${n.kind} (empty)` : n.label;
  return `${where}${label}: ${n.explain(ctx)}`;
}
