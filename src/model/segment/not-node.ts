import { z } from "zod";

/** Negation of one child. Generic in the child type so this file need not import Condition. */
export interface NotNodeOf<C> {
  not: C;
}
export const notNodeSchema = (child: z.ZodType) => z.strictObject({ not: child });
