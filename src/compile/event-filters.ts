import type { ErrorPath, PropFilter } from "../model/index.js";
import { parseDuration } from "../model/index.js";
import type { CompileContext } from "./compile-context.js";
import { type Typed, typedOf, valueTest } from "./value-test.js";

/**
 * Every where-filter on a row of events. `shared` = inside the event's own grouped pass (rows are already of that
 * event; properties are pre-extracted columns); otherwise `event = name AND …`, reading properties inline.
 */
export function eventMatch(
  ctx: CompileContext,
  name: string,
  where: readonly PropFilter[] | undefined,
  path: ErrorPath,
  shared = true,
): string {
  ctx.eventNames.add(name);
  // In the shared pass the rows are already those of this event; inline matches test the name themselves.
  const parts = shared ? [] : [`event = ${ctx.p(name)}`];
  (where ?? []).forEach((f, i) => {
    const t = propertyOf(ctx, f.property, name, shared);
    parts.push(valueTest(ctx, t, f.op, f.value, [...path, "where", i]));
  });
  return parts.join(" AND ") || "true";
}

export function propertyOf(ctx: CompileContext, property: string, event: string, shared: boolean): Typed {
  const path = property.split(".");
  if (shared) return ctx.eventProp(path, event);
  return typedOf(ctx, ctx.dialect.jsonExtract("properties", ctx.p(ctx.dialect.jsonPath(path))));
}

/** Lower bound (exclusive) of the window (t − D, t]; every aggregate also sees only ts ≤ t (the base filter). */
export function windowStart(ctx: CompileContext, within: string, path: ErrorPath): number {
  return ctx.asOf - parseDuration(within, path);
}

/** Epoch ms of an ISO instant (already validated). */
export const instantMs = (iso: string): number => Date.parse(iso);

export const pathText = (path: ErrorPath): string =>
  path.reduce<string>((acc, p) => (typeof p === "number" ? `${acc}[${p}]` : acc ? `${acc}.${p}` : String(p)), "");
