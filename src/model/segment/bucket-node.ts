import { z } from "zod";

/** Deterministic hash bucket: bucketOf(salt, profileId) ∈ [from, to). Stable across engines and runs. */
export interface BucketNode {
  bucket: { salt: string; from: number; to: number };
}
export const bucketNodeSchema = z.strictObject({
  bucket: z
    .strictObject({ salt: z.string(), from: z.number().min(0).max(100), to: z.number().min(0).max(100) })
    .refine((b) => b.from <= b.to, { message: "from must be ≤ to", path: ["to"] }),
});
