import { z } from "zod";
import { type Condition, conditionSchema } from "./condition.js";

export const REFRESH_MODES = ["realtime", "hourly", "daily"] as const;
export type RefreshMode = (typeof REFRESH_MODES)[number];

/**
 * Holdout: profiles with bucketOf(salt, id) < percent stay out of the activation set; they are still members and
 * reported as held out (so lift can be measured against them).
 */
export interface Holdout {
  percent: number;
  salt: string;
}

/** A stored segment (DESIGN.md §3). Membership = parent's membership ∧ definition. */
export interface SegmentRecord {
  id: string;
  name: string;
  description?: string;
  parent?: string;
  definition: Condition;
  holdout?: Holdout;
  /** Audiences under this share of the population (percent, default 1) are flagged, not blocked. */
  minSizePercent?: number;
  refresh: RefreshMode;
  tags?: string[];
  version: number;
}

export const DEFAULT_MIN_SIZE_PERCENT = 1;

export const holdoutSchema = z.strictObject({ percent: z.number().min(0).max(100), salt: z.string() });

export const segmentRecordSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  description: z.string().optional(),
  parent: z.string().min(1).optional(),
  definition: conditionSchema,
  holdout: holdoutSchema.optional(),
  minSizePercent: z.number().min(0).max(100).optional(),
  refresh: z.enum(REFRESH_MODES),
  tags: z.array(z.string()).optional(),
  version: z.number().int().positive(),
});
