import { z } from "zod";
import { TRAIT_OPS, type TraitOp } from "./common-schema.js";

/**
 * A comparison on a profile trait at the evaluation instant: "plan", a nested path "address.city", or a computed
 * trait "$orders_90d" / "$rfm.score". The value's shape depends on `op` (see opValueSchema).
 * `near` reads the trait as an object {lat, lon} (numbers) and compares the haversine distance (R = 6371.0088 km,
 * the IUGG mean Earth radius) with value.km; distance ≤ km is near.
 */
export interface TraitNode {
  trait: string;
  op: TraitOp;
  value?: unknown;
}
export const traitNodeSchema = z.strictObject({
  trait: z.string().min(1),
  op: z.enum(TRAIT_OPS),
  value: z.unknown().optional(),
});
