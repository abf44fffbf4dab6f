import { z } from "zod";

/** Disjunction: at least one child holds. An empty `any` is false. Generic in the child type so this file need not import Condition. */
export interface AnyNodeOf<C> {
  any: C[];
}
export const anyNodeSchema = (child: z.ZodType) => z.strictObject({ any: z.array(child) });
