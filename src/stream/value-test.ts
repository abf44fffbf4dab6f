import { type GeoPoint, type PropOp, type TraitOp, tryParseDuration } from "../model/index.js";
import { asInstant, asNumber, jsonKind } from "./json-value.js";

/** Mean Earth radius (IUGG), km: the same haversine radius as the SQL compiler. */
const EARTH_RADIUS_KM = 6371.0088;
const RAD = Math.PI / 180;

const regexCache = new Map<string, RegExp | null>();
function regex(pattern: string): RegExp | null {
  let r = regexCache.get(pattern);
  if (r === undefined) {
    try {
      r = new RegExp(pattern);
    } catch {
      r = null;
    }
    regexCache.set(pattern, r);
  }
  return r;
}

function eq(x: unknown, v: unknown): boolean {
  if (typeof v === "number") return asNumber(x) === v;
  if (typeof v === "boolean") return typeof x === "boolean" && x === v;
  return typeof x === "string" && x === String(v);
}

function contains(x: unknown, v: unknown): boolean {
  const s = String(v);
  if (typeof x === "string") return x.includes(s);
  if (Array.isArray(x)) return x.some((e) => typeof e === "string" && e === s);
  return false;
}

function near(x: unknown, g: GeoPoint): boolean {
  if (jsonKind(x) !== "object") return false;
  const lat = asNumber((x as Record<string, unknown>)["lat"]);
  const lon = asNumber((x as Record<string, unknown>)["lon"]);
  if (lat === undefined || lon === undefined) return false;
  const lat0 = g.lat * RAD;
  const dLat = lat * RAD - lat0;
  const dLon = lon * RAD - g.lon * RAD;
  const a = Math.sin(dLat / 2) ** 2 + Math.cos(lat0) * Math.cos(lat * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, a))) <= g.km;
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Whether some element of the list equals x (a loop: no closure per test). */
function inList(x: unknown, list: unknown): boolean {
  if (!Array.isArray(list)) return false;
  for (let i = 0; i < list.length; i++) if (eq(x, list[i])) return true;
  return false;
}

/**
 * `x op value` with exactly the typing of the SQL compiler's value test: numeric operators need a JSON number, string
 * operators a JSON string, null/absent fails every comparison except the negative ones (neq, notIn, notContains,
 * missing), which are the exact negation of their positive form. Time-relative operators read the instant `t`.
 * topPercent/bottomPercent are population-relative and handled by the trait operator, never here.
 */
export function valueTest(x: unknown, op: TraitOp | PropOp, value: unknown, t: number): boolean {
  switch (op) {
    case "eq":
      return eq(x, value);
    case "neq":
      return !eq(x, value);
    case "gt": {
      const n = asNumber(x);
      return n !== undefined && n > Number(value);
    }
    case "gte": {
      const n = asNumber(x);
      return n !== undefined && n >= Number(value);
    }
    case "lt": {
      const n = asNumber(x);
      return n !== undefined && n < Number(value);
    }
    case "lte": {
      const n = asNumber(x);
      return n !== undefined && n <= Number(value);
    }
    case "between": {
      const n = asNumber(x);
      const [lo, hi] = asArray(value);
      return n !== undefined && n >= Number(lo) && n <= Number(hi);
    }
    case "in":
      return inList(x, value);
    case "notIn":
      return !inList(x, value);
    case "contains":
      return contains(x, value);
    case "notContains":
      return !contains(x, value);
    case "startsWith":
      return typeof x === "string" && x.startsWith(String(value));
    case "endsWith":
      return typeof x === "string" && x.endsWith(String(value));
    case "matches": {
      const r = typeof x === "string" ? regex(String(value)) : null;
      return r?.test(x as string) ?? false;
    }
    case "exists":
      return jsonKind(x) !== "null";
    case "missing":
      return jsonKind(x) === "null";
    case "before": {
      const at = asInstant(x);
      return at !== undefined && at < Date.parse(String(value));
    }
    case "after": {
      const at = asInstant(x);
      return at !== undefined && at > Date.parse(String(value));
    }
    case "withinLast": {
      const at = asInstant(x);
      return at !== undefined && at > t - (tryParseDuration(String(value)) ?? 0) && at <= t;
    }
    case "olderThan": {
      const at = asInstant(x);
      return at !== undefined && at <= t - (tryParseDuration(String(value)) ?? 0);
    }
    case "near":
      return near(x, value as GeoPoint);
    case "topPercent":
    case "bottomPercent":
      throw new Error(`${op} is population-relative; the trait operator ranks it`);
    default: {
      const never: never = op;
      throw new Error(`unreachable operator ${String(never)}`);
    }
  }
}

/** The next instant after t at which a time-relative trait test may change by the clock alone (Infinity: never). */
export function valueTestWake(x: unknown, op: TraitOp, value: unknown, t: number): number {
  if (op !== "withinLast" && op !== "olderThan") return Number.POSITIVE_INFINITY;
  const at = asInstant(x);
  if (at === undefined) return Number.POSITIVE_INFINITY;
  const d = tryParseDuration(String(value)) ?? 0;
  if (op === "withinLast") {
    if (at > t) return at;
    return at + d > t ? at + d : Number.POSITIVE_INFINITY;
  }
  return at + d > t ? at + d : Number.POSITIVE_INFINITY;
}
