import { z } from "zod";

/** Membership of another segment (by id) at the same instant. Cycles are definition errors. */
export interface InSegmentNode {
  inSegment: string;
}
export const inSegmentNodeSchema = z.strictObject({ inSegment: z.string().min(1) });
