import type { EvalContext } from "./eval-context.js";
import type { Evidence, OpNode, ReasonHint } from "./operators/operator.js";
import type { PlannedSegment } from "./plan.js";

/**
 * The node that decides a segment's truth value, preferring one the cause touched: for a true `all` (or a false
 * `any`) every child agrees, for a false `all` (or a true `any`) any failing (holding) child does; `not` flips.
 */
function witness(n: OpNode, ctx: EvalContext, want: boolean, hint: ReasonHint): OpNode {
  if (n.kind === "not") return witness(n.children[0]!, ctx, !want, hint);
  if (n.kind === "all" || n.kind === "any") {
    let first: OpNode | undefined;
    for (const c of n.children) {
      if (c.value(ctx) !== want) continue;
      if (c.touches(hint)) return witness(c, ctx, want, hint);
      first ??= c;
    }
    return first ? witness(first, ctx, want, hint) : n;
  }
  return n;
}

/** The deciding node of a segment's value at ctx (null: the profile is not in the parent segment). */
export function witnessOf(seg: PlannedSegment, ctx: EvalContext, member: boolean, hint: ReasonHint): OpNode | null {
  if (seg.parent >= 0 && !ctx.member(seg.parent)) return null;
  return witness(seg.root, ctx, member, hint);
}

/** `all[1].performed "Order Completed": count 3 in 30d ≥ 2` — the deciding leaf's path, label and evidence. */
export function renderReason(n: OpNode | null, e: Evidence): string {
  if (n === null) return "parent: not a member";
  const where = n.path ? `${n.path}.` : "";
  const label = n.kind === "all" || n.kind === "any" ? `${n.kind} (empty)` : n.label;
  return `${where}${label}: ${n.render(e)}`;
}

/** The reason text right now (eagerly rendered: explain, reconciliation). */
export function reasonFor(seg: PlannedSegment, ctx: EvalContext, member: boolean, hint: ReasonHint): string {
  const n = witnessOf(seg, ctx, member, hint);
  const e: Evidence = { a: 0, b: 0, x: undefined };
  n?.evidence(ctx, e);
  return renderReason(n, e);
}
