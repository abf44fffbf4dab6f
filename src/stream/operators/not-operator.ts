import type { EvalContext } from "../eval-context.js";
import type { Evidence, OpNode, ReasonHint } from "./operator.js";

/** `not`: the negation of its child; changes exactly when the child does. */
export class NotOperator implements OpNode {
  readonly kind = "not" as const;
  readonly label = "not";
  readonly children: readonly OpNode[];

  constructor(
    readonly child: OpNode,
    readonly path: string,
  ) {
    this.children = [child];
  }

  value(ctx: EvalContext): boolean {
    return !this.child.value(ctx);
  }

  wake(ctx: EvalContext): number {
    return this.child.wake(ctx);
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = this.child.value(ctx) ? 1 : 0;
  }

  render(e: Evidence): string {
    return e.a === 1 ? "child holds" : "child does not hold";
  }

  touches(h: ReasonHint): boolean {
    return this.child.touches(h);
  }
}
