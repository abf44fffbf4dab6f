import { z } from "zod";

/** Conjunction: every child holds. An empty `all` is true. Generic in the child type so this file need not import Condition. */
export interface AllNodeOf<C> {
  all: C[];
}
export const allNodeSchema = (child: z.ZodType) => z.strictObject({ all: z.array(child) });
