import { z } from "zod";
import { type Duration, durationSchema, type EventRef, eventRefSchema } from "./common-schema.js";

/**
 * Absence after an event. a = latest `did` ≤ t (and > t − within when given); member iff a exists, a ≤ t − for,
 * and no `thenNot` event in (a, t]. Abandoned cart: did "Product Added" thenNot "Order Completed" for 2h.
 */
export interface DidThenNotNode {
  did: EventRef;
  thenNot: EventRef;
  for: Duration;
  within?: Duration;
}
export const didThenNotNodeSchema = z.strictObject({
  did: eventRefSchema,
  thenNot: eventRefSchema,
  for: durationSchema,
  within: durationSchema.optional(),
});
