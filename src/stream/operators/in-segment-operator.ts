import type { InSegmentNode } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { type Evidence, INF, type OpNode, type ReasonHint } from "./operator.js";

/**
 * `inSegment`: the referenced segment's membership bit at the same instant. The plan orders segments topologically,
 * so the bit is already up to date when this node reads it; changes propagate to dependents in that order.
 */
export class InSegmentOperator implements OpNode {
  readonly kind = "inSegment" as const;
  readonly children = [];
  readonly label: string;

  constructor(
    readonly node: InSegmentNode,
    readonly path: string,
    readonly segmentIndex: number,
  ) {
    this.label = `inSegment ${JSON.stringify(node.inSegment)}`;
  }

  value(ctx: EvalContext): boolean {
    return ctx.member(this.segmentIndex);
  }

  wake(): number {
    return INF;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = ctx.member(this.segmentIndex) ? 1 : 0;
  }

  render(e: Evidence): string {
    return e.a === 1 ? "member" : "not a member";
  }

  touches(_h: ReasonHint): boolean {
    return false;
  }
}
