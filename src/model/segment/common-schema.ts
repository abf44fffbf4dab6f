import { z } from "zod";
import { tryParseDuration } from "../duration.js";

/** "90s" | "15m" | "2h" | "30d" | "4w" (also "500ms"); validated by tryParseDuration. */
export type Duration = string;
export const durationSchema = z
  .string()
  .refine((s) => tryParseDuration(s) !== undefined, { message: "not a duration; use e.g. 90s, 15m, 2h, 30d, 4w" });

export const CMP_OPS = ["eq", "neq", "gt", "gte", "lt", "lte"] as const;
export type CmpOp = (typeof CMP_OPS)[number];

/** A numeric comparison of a count or an aggregate. */
export type Cmp = { op: CmpOp; value: number } | { op: "between"; value: [number, number] };
export const cmpSchema = z.union([
  z.strictObject({ op: z.enum(CMP_OPS), value: z.number().finite() }),
  z.strictObject({ op: z.literal("between"), value: z.tuple([z.number().finite(), z.number().finite()]) }),
]);

/** Every operator a trait condition may use; property filters use PROP_OPS, a subset. */
export const TRAIT_OPS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "in",
  "notIn",
  "contains",
  "notContains",
  "startsWith",
  "endsWith",
  "matches",
  "exists",
  "missing",
  "before",
  "after",
  "withinLast",
  "olderThan",
  "near",
  "topPercent",
  "bottomPercent",
] as const;
export type TraitOp = (typeof TRAIT_OPS)[number];

/** Property filters cannot use the time-relative or population-relative operators (DESIGN.md §3). */
export const PROP_OPS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "in",
  "notIn",
  "contains",
  "notContains",
  "startsWith",
  "endsWith",
  "matches",
  "exists",
  "missing",
  "near",
] as const satisfies readonly TraitOp[];
export type PropOp = (typeof PROP_OPS)[number];

/** A scalar a trait or property may be compared with. */
export type Scalar = string | number | boolean;
export const scalarSchema = z.union([z.string(), z.number().finite(), z.boolean()]);

/** `near` target: great-circle distance from (lat, lon) at most km. */
export interface GeoPoint {
  lat: number;
  lon: number;
  km: number;
}
export const geoPointSchema = z.strictObject({
  lat: z.number().min(-90).max(90),
  lon: z.number().min(-180).max(180),
  km: z.number().positive().finite(),
});

/**
 * The value each operator takes (absent for exists/missing). Kept as one table so the validator, the parser, the
 * printer and both engines agree on what a well-typed comparison is.
 */
export const opValueSchema = {
  eq: scalarSchema,
  neq: scalarSchema,
  gt: z.number().finite(),
  gte: z.number().finite(),
  lt: z.number().finite(),
  lte: z.number().finite(),
  between: z.tuple([z.number().finite(), z.number().finite()]),
  in: z.array(scalarSchema).min(1),
  notIn: z.array(scalarSchema).min(1),
  contains: z.string(),
  notContains: z.string(),
  startsWith: z.string(),
  endsWith: z.string(),
  matches: z.string(),
  exists: z.undefined(),
  missing: z.undefined(),
  before: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not an ISO 8601 instant" }),
  after: z.string().refine((s) => !Number.isNaN(Date.parse(s)), { message: "not an ISO 8601 instant" }),
  withinLast: durationSchema,
  olderThan: durationSchema,
  near: geoPointSchema,
  topPercent: z.number().gt(0).max(100),
  bottomPercent: z.number().gt(0).max(100),
} as const satisfies Record<TraitOp, z.ZodType>;

/** Filter on an event property (dotted path into properties). */
export interface PropFilter {
  property: string;
  op: PropOp;
  value?: unknown;
}
export const propFilterSchema = z.strictObject({
  property: z.string().min(1),
  op: z.enum(PROP_OPS),
  value: z.unknown().optional(),
});

/** A step of `did`/`thenNot`/`sequence`: an event name, optionally filtered. */
export type EventRef = string | { event: string; where?: PropFilter[] };
export const eventRefSchema = z.union([
  z.string().min(1),
  z.strictObject({ event: z.string().min(1), where: z.array(propFilterSchema).optional() }),
]);

export const eventRefName = (r: EventRef): string => (typeof r === "string" ? r : r.event);
export const eventRefWhere = (r: EventRef): PropFilter[] => (typeof r === "string" ? [] : (r.where ?? []));
