import type { BucketNode, ErrorPath } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";

/** bucketOf(salt, profile) ∈ [from, to), the same hash as src/model's bucketOf. */
export function bucketSql(ctx: CompileContext, n: BucketNode, path: ErrorPath): NodeResult {
  const b = ctx.dialect.bucketOf(ctx.p(n.bucket.salt), "sel.profile_id");
  return {
    path,
    kind: "bucket",
    label: `bucket ${JSON.stringify(n.bucket.salt)} ${n.bucket.from}..${n.bucket.to}`,
    truth: `(${b} >= ${ctx.p(n.bucket.from)} AND ${b} < ${ctx.p(n.bucket.to)})`,
    evidence: [{ label: "bucket", column: b, format: "number" }],
    children: [],
  };
}
