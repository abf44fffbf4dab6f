import { z } from "zod";
import { type Duration, durationSchema, type PropFilter, propFilterSchema } from "./common-schema.js";

/**
 * Age of the latest matching event ℓ ≤ t: it exists, and ℓ ≤ t − olderThan (when given) and ℓ > t − within (when
 * given). "Last ordered more than 60 days ago" = { last: "Order Completed", olderThan: "60d" }.
 */
export interface LastNode {
  last: string;
  where?: PropFilter[];
  olderThan?: Duration;
  within?: Duration;
}
export const lastNodeSchema = z.strictObject({
  last: z.string().min(1),
  where: z.array(propFilterSchema).optional(),
  olderThan: durationSchema.optional(),
  within: durationSchema.optional(),
});
