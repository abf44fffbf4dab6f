import type { EvalContext } from "../eval-context.js";
import { type Evidence, INF, type OpNode, type ReasonHint } from "./operator.js";

/**
 * What `all` and `any` share: they wake when the earliest child does, their evidence is how many children hold, and
 * a reason touches them when it touches a child. Only the truth (every / some child) differs.
 */
export abstract class ChildrenOperator implements OpNode {
  abstract readonly kind: "all" | "any";
  abstract readonly label: string;

  constructor(
    readonly children: readonly OpNode[],
    readonly path: string,
  ) {}

  abstract value(ctx: EvalContext): boolean;

  wake(ctx: EvalContext): number {
    let w = INF;
    for (const c of this.children) w = Math.min(w, c.wake(ctx));
    return w;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    let n = 0;
    for (const c of this.children) if (c.value(ctx)) n++;
    e.a = n;
  }

  render(e: Evidence): string {
    return `${e.a} of ${this.children.length} hold`;
  }

  touches(h: ReasonHint): boolean {
    return this.children.some((c) => c.touches(h));
  }
}
