import { type BucketNode, type ErrorPath, fnv1a32 } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";

/**
 * bucketOf(salt, profile) ∈ [from, to), the same hash as src/model's bucketOf. The hash of the salt prefix is
 * computed here (a parameter); each salt's bucket is computed once per profile as a column of the population rows,
 * shared by every segment that splits on it.
 */
export function bucketSql(ctx: CompileContext, n: BucketNode, path: ErrorPath): NodeResult {
  const state = ctx.p(fnv1a32(`${n.bucket.salt}:`));
  const b = ctx.selColumn(JSON.stringify(["bucket", n.bucket.salt]), () => ctx.dialect.bucketOf(state, "profile_id"));
  return {
    path,
    kind: "bucket",
    label: `bucket ${JSON.stringify(n.bucket.salt)} ${n.bucket.from}..${n.bucket.to}`,
    truth: `(${b} >= ${ctx.p(n.bucket.from)} AND ${b} < ${ctx.p(n.bucket.to)})`,
    evidence: [{ label: "bucket", column: b, format: "number" }],
    children: [],
  };
}
