import type { InSegmentNode } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { INF, type OpNode, type ReasonHint } from "./operator.js";

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

  explain(ctx: EvalContext): string {
    return ctx.member(this.segmentIndex) ? "member" : "not a member";
  }

  touches(_h: ReasonHint): boolean {
    return false;
  }
}
