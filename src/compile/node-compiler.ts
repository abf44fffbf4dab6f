import { type Condition, type ErrorPath, kindOfRaw, visitCondition } from "../model/index.js";
import type { CompileContext, NodeResult } from "./compile-context.js";
import { UnsupportedNodeError } from "./dialect.js";
import { bucketSql } from "./nodes/bucket-node-sql.js";
import { didThenNotSql } from "./nodes/did-then-not-node-sql.js";
import { firstSql, lastSql } from "./nodes/first-last-node-sql.js";
import { inSegmentSql } from "./nodes/in-segment-node-sql.js";
import { allSql, anySql, notSql } from "./nodes/logic-node-sql.js";
import { performedSql } from "./nodes/performed-node-sql.js";
import { sequenceSql } from "./nodes/sequence-node-sql.js";
import { traitSql } from "./nodes/trait-node-sql.js";

/** Compiles one condition node (recursively) into SQL truth + evidence; exhaustive over node kinds. */
export function compileNode(ctx: CompileContext, c: Condition, path: ErrorPath): NodeResult {
  const kind = kindOfRaw(c);
  if (kind && !ctx.dialect.capabilities.kinds.has(kind)) throw new UnsupportedNodeError(ctx.dialect.name, kind, path);
  const result = visitCondition<NodeResult>(c, {
    all: (n) => allSql(ctx, n, path, compileNode),
    any: (n) => anySql(ctx, n, path, compileNode),
    not: (n) => notSql(ctx, n, path, compileNode),
    trait: (n) => traitSql(ctx, n, path),
    performed: (n) => performedSql(ctx, n, path),
    first: (n) => firstSql(ctx, n, path),
    last: (n) => lastSql(ctx, n, path),
    did: (n) => didThenNotSql(ctx, n, path),
    sequence: (n) => sequenceSql(ctx, n, path),
    inSegment: (n) => inSegmentSql(ctx, n, path, compileNode),
    bucket: (n) => bucketSql(ctx, n, path),
  });
  return { ...result, node: c };
}
