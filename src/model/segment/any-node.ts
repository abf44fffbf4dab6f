import { z } from "zod";
import type { Condition } from "./condition.js";

/** Disjunction: at least one child holds. An empty `any` is false. */
export interface AnyNode {
  any: Condition[];
}
export const anyNodeSchema = (child: z.ZodType) => z.strictObject({ any: z.array(child) });
