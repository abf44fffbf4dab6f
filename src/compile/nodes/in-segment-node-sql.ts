import type { Condition, ErrorPath, InSegmentNode } from "../../model/index.js";
import { TesseraError } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";

type Compile = (ctx: CompileContext, c: Condition, path: ErrorPath) => NodeResult;

/** Membership of a stored segment: its parent chain ∧ its definition, compiled into the same shared passes. */
export function segmentTruth(ctx: CompileContext, id: string, path: ErrorPath, compile: Compile): NodeResult {
  const memo = ctx.segmentExprs.get(id);
  if (memo) return memo;
  if (ctx.stack.includes(id)) {
    const cycle = [...ctx.stack.slice(ctx.stack.indexOf(id)), id];
    throw new TesseraError({
      code: "segment_cycle",
      path,
      message: `segments refer to each other in a cycle: ${cycle.join(" → ")}`,
      details: { cycle },
    });
  }
  const seg = ctx.segments.get(id);
  if (!seg) throw new TesseraError({ code: "unknown_segment", path, message: `no segment with id "${id}"` }, 400);
  ctx.stack.push(id);
  try {
    const own = compile(ctx, seg.definition, []);
    const parent = seg.parent === undefined ? undefined : segmentTruth(ctx, seg.parent, ["parent"], compile);
    const result: NodeResult = {
      path,
      kind: "segment",
      label: `segment ${JSON.stringify(id)}`,
      truth: parent ? `(${parent.truth} AND ${own.truth})` : own.truth,
      evidence: [],
      children: parent ? [parent, own] : [own],
    };
    const anchor = own.anchor ?? parent?.anchor;
    if (anchor !== undefined) result.anchor = anchor;
    ctx.segmentExprs.set(id, result);
    return result;
  } finally {
    ctx.stack.pop();
  }
}

export function inSegmentSql(ctx: CompileContext, n: InSegmentNode, path: ErrorPath, compile: Compile): NodeResult {
  const seg = segmentTruth(ctx, n.inSegment, path, compile);
  return { ...seg, path, kind: "inSegment", label: `in segment ${JSON.stringify(n.inSegment)}` };
}
