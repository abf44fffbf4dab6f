import { z } from "zod";
import {
  CMP_OPS,
  type Cmp,
  cmpSchema,
  type Duration,
  durationSchema,
  type PropFilter,
  propFilterSchema,
} from "./common-schema.js";

export const AGG_FNS = ["sum", "avg", "min", "max", "distinct"] as const;
export type AggFn = (typeof AGG_FNS)[number];
export type Agg = { fn: AggFn; property: string } & Cmp;

/**
 * Behaviour in a window: matching events in (t − within, t] (or [from, to) for `between`, or all time) compared by
 * count (default ≥ 1) and optionally by an aggregate of a numeric property.
 */
export interface PerformedNode {
  performed: string;
  where?: PropFilter[];
  within?: Duration;
  between?: [string, string];
  count?: Cmp;
  agg?: Agg;
}

const aggSchema = z.union([
  z.strictObject({
    fn: z.enum(AGG_FNS),
    property: z.string().min(1),
    op: z.enum(CMP_OPS),
    value: z.number().finite(),
  }),
  z.strictObject({
    fn: z.enum(AGG_FNS),
    property: z.string().min(1),
    op: z.literal("between"),
    value: z.tuple([z.number().finite(), z.number().finite()]),
  }),
]);

const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not an ISO 8601 instant" });

export const performedNodeSchema = z.strictObject({
  performed: z.string().min(1),
  where: z.array(propFilterSchema).optional(),
  within: durationSchema.optional(),
  between: z.tuple([instant, instant]).optional(),
  count: cmpSchema.optional(),
  agg: aggSchema.optional(),
});
