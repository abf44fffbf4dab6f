import { z } from "zod";
import { type Duration, durationSchema, type PropFilter, propFilterSchema } from "./common-schema.js";

export const COMPUTED_FNS = ["count", "sum", "avg", "min", "max", "distinct", "first", "last", "mostFrequent"] as const;
export type ComputedFn = (typeof COMPUTED_FNS)[number];

/**
 * A computed trait: an aggregate of an event property over a window, per profile, referenced in segments as
 * `$name`. `property` is required except for `count`. Without `within` the window is all time.
 * first/last = the property on the earliest/latest matching event; mostFrequent ties break by smallest value.
 */
export interface ComputedTraitDef {
  name: string;
  description?: string;
  event: string;
  where?: PropFilter[];
  fn: ComputedFn;
  property?: string;
  within?: Duration;
}

export const COMPUTED_TRAIT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export const computedTraitDefSchema = z
  .strictObject({
    name: z.string().regex(COMPUTED_TRAIT_NAME, "letters, digits and _ only, not starting with a digit"),
    description: z.string().optional(),
    event: z.string().min(1),
    where: z.array(propFilterSchema).optional(),
    fn: z.enum(COMPUTED_FNS),
    property: z.string().min(1).optional(),
    within: durationSchema.optional(),
  })
  .refine((d) => d.fn === "count" || d.property !== undefined, {
    message: "property is required for every function except count",
    path: ["property"],
  });

/** A stored computed trait: the definition with its version. */
export type ComputedTraitRecord = ComputedTraitDef & { version: number };
