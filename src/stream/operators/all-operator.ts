import type { EvalContext } from "../eval-context.js";
import { type Evidence, INF, type OpNode, type ReasonHint } from "./operator.js";

/** `all`: every child holds (an empty all is true). */
export class AllOperator implements OpNode {
  readonly kind = "all" as const;
  readonly label = "all";

  constructor(
    readonly children: readonly OpNode[],
    readonly path: string,
  ) {}

  value(ctx: EvalContext): boolean {
    const cs = this.children;
    for (let i = 0; i < cs.length; i++) if (!cs[i]!.value(ctx)) return false;
    return true;
  }

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
