import type { ErrorPath, PropFilter } from "../model/index.js";
import { parseDuration } from "../model/index.js";
import type { CompileContext } from "./compile-context.js";
import { valueTest } from "./value-test.js";

/** `event = name AND every where-filter` on a row of events. */
export function eventMatch(
  ctx: CompileContext,
  name: string,
  where: readonly PropFilter[] | undefined,
  path: ErrorPath,
  props = "properties",
): string {
  ctx.eventNames.add(name);
  const parts = [`event = ${ctx.p(name)}`];
  (where ?? []).forEach((f, i) => {
    const x = ctx.dialect.jsonExtract(props, ctx.p(ctx.dialect.jsonPath(f.property.split("."))));
    parts.push(valueTest(ctx, x, f.op, f.value, [...path, "where", i]));
  });
  return parts.join(" AND ");
}

/** Lower bound (exclusive) of the window (t − D, t]; every aggregate also sees only ts ≤ t (the base filter). */
export function windowStart(ctx: CompileContext, within: string, path: ErrorPath): number {
  return ctx.asOf - parseDuration(within, path);
}

/** Epoch ms of an ISO instant (already validated). */
export const instantMs = (iso: string): number => Date.parse(iso);

export const pathText = (path: ErrorPath): string =>
  path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : String(p)), "");
