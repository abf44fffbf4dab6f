import { type PropOp, type TraitOp, tryParseDuration } from "../model/index.js";
import type { CompileContext } from "./compile-context.js";
import { UnsupportedNodeError } from "./dialect.js";

/** Mean Earth radius (IUGG), km: the haversine radius both engines use. */
export const EARTH_RADIUS_KM = 6371.0088;

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A JSON value as SQL expressions: its JSON text (NULL = absent), its kind, and its number/string readings. */
export interface Typed {
  json: string;
  kind: string;
  num: string;
  str: string;
}

/** Typed readings computed inline from a JSON text expression. */
export function typedOf(ctx: CompileContext, x: string): Typed {
  const d = ctx.dialect;
  const kind = d.jsonKind(x);
  return {
    json: x,
    kind,
    num: `(CASE WHEN ${kind} = 'number' THEN ${d.jsonToDouble(x)} END)`,
    str: `(CASE WHEN ${kind} = 'string' THEN ${d.jsonToString(x)} END)`,
  };
}

/**
 * The truth of `op value` against a typed JSON value (NULL = absent), as SQL that is never NULL. Typing is strict:
 * numeric operators need a JSON number, string operators a JSON string; a JSON null is an absent value. Negative
 * operators (neq, notIn, notContains) are the exact negation of their positive form, so they hold when absent.
 */
export function valueTest(
  ctx: CompileContext,
  t: Typed,
  op: TraitOp | PropOp,
  value: unknown,
  path: ReadonlyArray<string | number>,
): string {
  const d = ctx.dialect;
  if (!d.capabilities.traitOps.has(op)) throw new UnsupportedNodeError(d.name, `operator ${op}`, path);
  const { json: x, kind, num, str } = t;
  const eq = (v: unknown): string => {
    if (typeof v === "number") return `${num} = ${ctx.p(v)}`;
    if (typeof v === "boolean") return `(${kind} = 'boolean' AND ${d.jsonToBool(x)} = ${ctx.p(v)})`;
    return `${str} = ${ctx.p(String(v))}`;
  };
  const yes = (sql: string): string => `coalesce(${sql}, false)`;
  const no = (sql: string): string => `NOT coalesce(${sql}, false)`;
  const timeOf = `(CASE ${kind} WHEN 'number' THEN ${num} WHEN 'string' THEN ${d.isoToEpochMs(str)} END)`;
  const contains = (v: unknown): string => {
    const s = ctx.p(String(v));
    return `(CASE ${kind} WHEN 'string' THEN ${d.strContains(str, s)} WHEN 'array' THEN ${d.listContains(
      d.jsonArrayElements(x),
      d.toJsonText(s),
    )} END)`;
  };
  switch (op) {
    case "eq":
      return yes(eq(value));
    case "neq":
      return no(eq(value));
    case "gt":
      return yes(`${num} > ${ctx.p(Number(value))}`);
    case "gte":
      return yes(`${num} >= ${ctx.p(Number(value))}`);
    case "lt":
      return yes(`${num} < ${ctx.p(Number(value))}`);
    case "lte":
      return yes(`${num} <= ${ctx.p(Number(value))}`);
    case "between": {
      const [lo, hi] = asArray(value);
      return yes(`${num} BETWEEN ${ctx.p(Number(lo))} AND ${ctx.p(Number(hi))}`);
    }
    case "in":
      return yes(`(${asArray(value).map(eq).join(" OR ") || "false"})`);
    case "notIn":
      return no(`(${asArray(value).map(eq).join(" OR ") || "false"})`);
    case "contains":
      return yes(contains(value));
    case "notContains":
      return no(contains(value));
    case "startsWith":
      return yes(d.strStartsWith(str, ctx.p(String(value))));
    case "endsWith":
      return yes(d.strEndsWith(str, ctx.p(String(value))));
    case "matches":
      return yes(d.regexMatches(str, ctx.p(String(value))));
    case "exists":
      return yes(`${kind} <> 'null'`);
    case "missing":
      return no(`${kind} <> 'null'`);
    case "before":
      return yes(`${timeOf} < ${ctx.p(Date.parse(String(value)))}`);
    case "after":
      return yes(`${timeOf} > ${ctx.p(Date.parse(String(value)))}`);
    case "withinLast": {
      const from = ctx.asOf - (tryParseDuration(String(value)) ?? 0);
      return yes(`(${timeOf} > ${ctx.p(from)} AND ${timeOf} <= ${ctx.t})`);
    }
    case "olderThan": {
      const upTo = ctx.asOf - (tryParseDuration(String(value)) ?? 0);
      return yes(`${timeOf} <= ${ctx.p(upTo)}`);
    }
    case "near": {
      const g = value as { lat: number; lon: number; km: number };
      const lat = `(CASE WHEN ${kind} = 'object' THEN ${d.jsonToDouble(d.jsonExtract(x, ctx.p(d.jsonPath(["lat"]))))} END)`;
      const lon = `(CASE WHEN ${kind} = 'object' THEN ${d.jsonToDouble(d.jsonExtract(x, ctx.p(d.jsonPath(["lon"]))))} END)`;
      return yes(haversineWithin(ctx, lat, lon, g));
    }
    case "topPercent":
    case "bottomPercent":
      // Population-relative: compiled by the trait node with a window over all profiles, never per value.
      throw new UnsupportedNodeError(d.name, `operator ${op} on an event property`, path);
    default: {
      const never: never = op;
      throw new Error(`unreachable operator ${String(never)}`);
    }
  }
}

/** Great-circle distance ≤ km by the haversine formula with R = EARTH_RADIUS_KM. */
export function haversineWithin(
  ctx: CompileContext,
  lat: string,
  lon: string,
  g: { lat: number; lon: number; km: number },
) {
  const rad = Math.PI / 180;
  const lat0 = ctx.p(g.lat * rad);
  const lon0 = ctx.p(g.lon * rad);
  const r = ctx.p(EARTH_RADIUS_KM);
  const dLat = `(radians(${lat}) - ${lat0})`;
  const dLon = `(radians(${lon}) - ${lon0})`;
  const a = `(power(sin(${dLat} / 2), 2) + cos(${lat0}) * cos(radians(${lat})) * power(sin(${dLon} / 2), 2))`;
  return `(2 * ${r} * asin(sqrt(least(1.0, ${a}))) <= ${ctx.p(g.km)})`;
}
