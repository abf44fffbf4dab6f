import { z } from "zod";
import type { Condition } from "./condition.js";

/** Negation of one child. */
export interface NotNode {
  not: Condition;
}
export const notNodeSchema = (child: z.ZodType) => z.strictObject({ not: child });
