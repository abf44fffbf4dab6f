import type { EvalContext } from "../eval-context.js";
import { ChildrenOperator } from "./children-operator.js";

/** `all`: every child holds (an empty all is true). */
export class AllOperator extends ChildrenOperator {
  readonly kind = "all" as const;
  readonly label = "all";

  value(ctx: EvalContext): boolean {
    const cs = this.children;
    for (let i = 0; i < cs.length; i++) if (!cs[i]!.value(ctx)) return false;
    return true;
  }
}
