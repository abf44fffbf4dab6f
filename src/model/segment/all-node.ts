import { z } from "zod";
import type { Condition } from "./condition.js";

/** Conjunction: every child holds. An empty `all` is true. */
export interface AllNode {
  all: Condition[];
}
export const allNodeSchema = (child: z.ZodType) => z.strictObject({ all: z.array(child) });
