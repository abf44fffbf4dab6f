import { z } from "zod";
import { holdoutSchema, tryParseDuration } from "../model/index.js";

const duration = z.string().refine((s) => tryParseDuration(s) !== undefined, "a duration like 90s, 15m, 2h, 30d, 4w");
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "a time of day HH:MM (24 h)");
const timeZone = z.string().refine((tz) => isTimeZone(tz), "an IANA time zone such as Europe/Paris");

export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const CONDITION_OPS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "in",
  "notIn",
  "contains",
  "exists",
  "missing",
] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

export const ruleConditionSchema = z.union([
  z.strictObject({ trait: z.string().min(1), op: z.enum(CONDITION_OPS), value: z.unknown().optional() }),
  z.strictObject({ inSegment: z.string().min(1) }),
  z.strictObject({ notInSegment: z.string().min(1) }),
]);
export type RuleCondition = z.infer<typeof ruleConditionSchema>;

export const ruleTriggerSchema = z.discriminatedUnion("on", [
  z.strictObject({ on: z.literal("entered"), segment: z.string().min(1) }),
  z.strictObject({ on: z.literal("exited"), segment: z.string().min(1) }),
  /** A trait changed (identify): optional from/to values (JSON equality); `from` absent = any previous value. */
  z.strictObject({
    on: z.literal("trait"),
    trait: z.string().min(1),
    from: z.unknown().optional(),
    to: z.unknown().optional(),
  }),
  /** An event was tracked; `where` compares top-level properties. */
  z.strictObject({
    on: z.literal("event"),
    event: z.string().min(1),
    where: z
      .array(z.strictObject({ property: z.string().min(1), op: z.enum(CONDITION_OPS), value: z.unknown().optional() }))
      .optional(),
  }),
]);
export type RuleTrigger = z.infer<typeof ruleTriggerSchema>;

export const ruleInputSchema = z.strictObject({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, "letters, digits, _ . - (at most 64)"),
  name: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  trigger: ruleTriggerSchema,
  /** All must hold when the rule fires and again just before sending. */
  conditions: z.array(ruleConditionSchema).default([]),
  delay: duration.optional(),
  action: z.strictObject({
    destination: z.string().min(1),
    /** Candidate channels in the rule's order of preference; the person's preference goes first when listed. */
    channels: z.array(z.string().min(1)).default([]),
    purpose: z.string().min(1).default("marketing"),
    preferenceTrait: z.string().min(1).default("preferred_channel"),
    /** Traits copied into the message (for templating downstream). */
    traits: z.array(z.string().min(1)).default([]),
  }),
  frequencyCap: z.strictObject({ max: z.number().int().min(1), per: duration }).optional(),
  quietHours: z
    .strictObject({
      start: hhmm,
      end: hhmm,
      timeZoneTrait: z.string().min(1).default("timezone"),
      defaultTimeZone: timeZone.default("UTC"),
    })
    .optional(),
  /** Rule-level holdout, in addition to the trigger segment's own holdout. */
  holdout: holdoutSchema.optional(),
  /** Re-evaluate trigger membership, conditions and consent at send time (default true). */
  recheck: z.boolean().default(true),
});
export type RuleInput = z.input<typeof ruleInputSchema>;
export type Rule = z.output<typeof ruleInputSchema> & { name: string; createdAt: number; updatedAt: number };
