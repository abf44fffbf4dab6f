import { z } from "zod";
import { type Duration, durationSchema, type PropFilter, propFilterSchema } from "./common-schema.js";

/** The first-ever matching event (≤ t) lies in (t − within, t]: "new users who first ordered this week". */
export interface FirstNode {
  first: string;
  where?: PropFilter[];
  within: Duration;
}
export const firstNodeSchema = z.strictObject({
  first: z.string().min(1),
  where: z.array(propFilterSchema).optional(),
  within: durationSchema,
});
