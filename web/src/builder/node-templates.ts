import type { Catalog, Condition } from "../api/types";

export const TRAIT_OPS = [
  "eq",
  "neq",
  "gt",
  "gte",
  "lt",
  "lte",
  "between",
  "in",
  "notIn",
  "contains",
  "notContains",
  "startsWith",
  "endsWith",
  "matches",
  "exists",
  "missing",
  "before",
  "after",
  "withinLast",
  "olderThan",
  "near",
  "topPercent",
  "bottomPercent",
] as const;
export const PROP_OPS = TRAIT_OPS.filter(
  (o) => !["before", "after", "withinLast", "olderThan", "topPercent", "bottomPercent", "near"].includes(o),
);
export const CMP_OPS = ["gte", "gt", "eq", "neq", "lte", "lt", "between"] as const;
export const OP_LABEL: Record<string, string> = {
  eq: "=",
  neq: "≠",
  gt: ">",
  gte: "≥",
  lt: "<",
  lte: "≤",
  between: "between",
  in: "in",
  notIn: "not in",
  contains: "contains",
  notContains: "not contains",
  startsWith: "starts with",
  endsWith: "ends with",
  matches: "matches",
  exists: "exists",
  missing: "is missing",
  before: "before",
  after: "after",
  withinLast: "in last",
  olderThan: "older than",
  near: "near",
  topPercent: "top %",
  bottomPercent: "bottom %",
};

export type NewKind =
  | "trait"
  | "performed"
  | "first"
  | "last"
  | "did"
  | "sequence"
  | "inSegment"
  | "bucket"
  | "all"
  | "any"
  | "not";
export const NEW_KINDS: { kind: NewKind; label: string }[] = [
  { kind: "trait", label: "Trait" },
  { kind: "performed", label: "Did event" },
  { kind: "last", label: "Last event" },
  { kind: "first", label: "First event" },
  { kind: "did", label: "Did, then not" },
  { kind: "sequence", label: "Sequence" },
  { kind: "inSegment", label: "In segment" },
  { kind: "bucket", label: "Bucket" },
  { kind: "all", label: "All of (group)" },
  { kind: "any", label: "Any of (group)" },
  { kind: "not", label: "Not" },
];

/** A sensible new node of each kind, seeded from what the store has seen. */
export function newNode(kind: NewKind, catalog: Catalog | undefined, segments: string[]): Condition {
  const ev = catalog?.events[0]?.name ?? "Order Completed";
  const ev2 = catalog?.events[1]?.name ?? ev;
  const trait = catalog?.traits.find((t) => t.type === "string") ?? catalog?.traits[0];
  switch (kind) {
    case "trait":
      return trait?.type === "number"
        ? { trait: trait.key, op: "gte", value: 0 }
        : { trait: trait?.key ?? "plan", op: "eq", value: (trait?.topValues[0]?.value as string | undefined) ?? "" };
    case "performed":
      return { performed: ev, within: "30d" };
    case "last":
      return { last: ev, olderThan: "30d" };
    case "first":
      return { first: ev, within: "30d" };
    case "did":
      return { did: ev2, thenNot: ev, for: "2h" };
    case "sequence":
      return { sequence: [ev2, ev], within: "7d" };
    case "inSegment":
      return { inSegment: segments[0] ?? "" };
    case "bucket":
      return { bucket: { salt: "holdout", from: 0, to: 10 } };
    case "all":
      return { all: [] };
    case "any":
      return { any: [] };
    case "not":
      return { not: { performed: ev, within: "30d" } };
  }
}

/** The value an op expects when switching to it: keeps a compatible value, otherwise a neutral one. */
export function valueForOp(op: string, prev: unknown): unknown {
  switch (op) {
    case "exists":
    case "missing":
      return undefined;
    case "between":
      return Array.isArray(prev) ? prev : [typeof prev === "number" ? prev : 0, 100];
    case "in":
    case "notIn":
      return Array.isArray(prev) ? prev : prev === undefined || prev === "" ? [] : [prev];
    case "gt":
    case "gte":
    case "lt":
    case "lte":
    case "topPercent":
    case "bottomPercent":
      return typeof prev === "number" ? prev : Number(prev) || 10;
    case "withinLast":
    case "olderThan":
      return typeof prev === "string" && /^\d+[smhdw]$/.test(prev) ? prev : "30d";
    case "before":
    case "after":
      return typeof prev === "string" && !Number.isNaN(Date.parse(prev)) ? prev : new Date().toISOString().slice(0, 10);
    case "near":
      return prev && typeof prev === "object" && !Array.isArray(prev) ? prev : { lat: 52.52, lon: 13.405, km: 25 };
    default:
      return Array.isArray(prev) || (prev && typeof prev === "object") ? "" : (prev ?? "");
  }
}

/** Reads text typed into a value box: numbers stay numbers for comparison ops, lists split on commas. */
export function parseValue(op: string, text: string): unknown {
  const scalar = (s: string): unknown => {
    const t = s.trim();
    if (t === "true") return true;
    if (t === "false") return false;
    return t !== "" && !Number.isNaN(Number(t)) ? Number(t) : t;
  };
  if (op === "in" || op === "notIn")
    return text
      .split(",")
      .map(scalar)
      .filter((v) => v !== "");
  if (["gt", "gte", "lt", "lte", "topPercent", "bottomPercent"].includes(op)) return Number(text);
  if (op === "eq" || op === "neq") return scalar(text);
  return text;
}

export const valueText = (v: unknown): string =>
  Array.isArray(v) ? v.map(String).join(", ") : v === undefined || v === null ? "" : String(v);
