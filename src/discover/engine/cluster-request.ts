import { z } from "zod";
import { TesseraError } from "../../model/index.js";

export const MAX_K = 20;
/** Ward keeps the whole hierarchy in memory and is O(n²): it runs on a seeded sample of at most this many profiles. */
export const WARD_MAX_ROWS = 5_000;
/** At most this many points are returned for the PCA scatter (a seeded sample of the profiles used). */
export const MAX_POINTS = 3_000;

/** Body of `POST /api/discover/clusters`. */
export const clusterRequestSchema = z
  .strictObject({
    features: z.array(z.string().min(1)).min(1).max(32),
    method: z.enum(["kmeans", "ward"]).default("kmeans"),
    k: z.number().int().min(1).max(MAX_K).optional(),
    kRange: z.tuple([z.number().int().min(1), z.number().int().max(MAX_K)]).optional(),
    transform: z.array(z.enum(["log1p", "zscore"])).optional(),
    segment: z.string().min(1).optional(),
    sample: z.number().int().min(2).optional(),
    seed: z.number().int().min(0).max(4_294_967_295).optional(),
    asOf: z.number().int().optional(),
    name: z.string().min(1).max(128).optional(),
  })
  .refine((b) => b.kRange === undefined || b.kRange[0] <= b.kRange[1], {
    message: "kRange must be [min, max] with min ≤ max",
    path: ["kRange"],
  });
export type ClusterRequest = z.infer<typeof clusterRequestSchema>;

export function parseClusterRequest(raw: unknown): ClusterRequest {
  const r = clusterRequestSchema.safeParse(raw);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const path = (issue?.path ?? []).map((p) => (typeof p === "symbol" ? String(p) : p));
  throw new TesseraError({
    code: "discover_bad_request",
    path,
    message: `${path.join(".") || "body"}: ${issue?.message ?? "invalid"}`,
  });
}
