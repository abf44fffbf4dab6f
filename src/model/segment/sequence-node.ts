import { z } from "zod";
import { type Duration, durationSchema, type EventRef, eventRefSchema } from "./common-schema.js";

/**
 * Ordered steps: events s1 < … < sk (by time, then arrival seq) matching the steps, sk − s1 ≤ within, all ≤ t and,
 * when lookback is given, all in (t − lookback, t].
 */
export interface SequenceNode {
  sequence: EventRef[];
  within: Duration;
  lookback?: Duration;
}
export const sequenceNodeSchema = z.strictObject({
  sequence: z.array(eventRefSchema).min(1),
  within: durationSchema,
  lookback: durationSchema.optional(),
});
