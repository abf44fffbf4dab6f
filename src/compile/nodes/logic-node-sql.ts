import type { AllNode, AnyNode, Condition, ErrorPath, NotNode } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";

type Compile = (ctx: CompileContext, c: Condition, path: ErrorPath) => NodeResult;

export function allSql(ctx: CompileContext, n: AllNode, path: ErrorPath, compile: Compile): NodeResult {
  const children = n.all.map((c, i) => compile(ctx, c, [...path, "all", i]));
  const truth = children.length ? `(${children.map((c) => c.truth).join(" AND ")})` : "true";
  const anchor = children.find((c) => c.anchor !== undefined)?.anchor;
  return { path, kind: "all", label: "all", truth, evidence: [], children, ...(anchor ? { anchor } : {}) };
}

export function anySql(ctx: CompileContext, n: AnyNode, path: ErrorPath, compile: Compile): NodeResult {
  const children = n.any.map((c, i) => compile(ctx, c, [...path, "any", i]));
  const truth = children.length ? `(${children.map((c) => c.truth).join(" OR ")})` : "false";
  // Any child true ⇒ a row in its anchor: one anchor covers the union only when every child has that same one.
  const anchor = children[0]?.anchor;
  const shared = anchor !== undefined && children.every((c) => c.anchor === anchor);
  return { path, kind: "any", label: "any", truth, evidence: [], children, ...(shared ? { anchor } : {}) };
}

export function notSql(ctx: CompileContext, n: NotNode, path: ErrorPath, compile: Compile): NodeResult {
  const child = compile(ctx, n.not, [...path, "not"]);
  return { path, kind: "not", label: "not", truth: `(NOT ${child.truth})`, evidence: [], children: [child] };
}
