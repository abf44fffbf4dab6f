import type { EvalContext } from "../eval-context.js";
import { ChildrenOperator } from "./children-operator.js";

/** `any`: at least one child holds (an empty any is false). */
export class AnyOperator extends ChildrenOperator {
  readonly kind = "any" as const;
  readonly label = "any";

  value(ctx: EvalContext): boolean {
    const cs = this.children;
    for (let i = 0; i < cs.length; i++) if (cs[i]!.value(ctx)) return true;
    return false;
  }
}
