/** JSON kinds as the SQL dialects see them (json_type), so both engines type-check a value the same way. */
export type JsonKind = "number" | "string" | "boolean" | "null" | "array" | "object";

/** The kind of a parsed JSON value; undefined (absent) and null are both "null": an absent value. */
export function jsonKind(v: unknown): JsonKind {
  if (v === null || v === undefined) return "null";
  switch (typeof v) {
    case "number":
      return Number.isFinite(v) ? "number" : "null";
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    default:
      return Array.isArray(v) ? "array" : "object";
  }
}

/** `root` at a dotted path (already split); undefined when any step is missing or not an object. */
export function pathGet(root: unknown, path: readonly string[]): unknown {
  let cur = root;
  for (const step of path) {
    if (cur === null || typeof cur !== "object" || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[step];
  }
  return cur;
}

/** The numeric value of a JSON number, else undefined (strict typing: "5" is not a number). */
export const asNumber = (v: unknown): number | undefined =>
  typeof v === "number" && Number.isFinite(v) ? v : undefined;

/** Epoch ms of a number, or of an ISO 8601 string; undefined otherwise (the dialects' timeOf). */
export function asInstant(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) ? v : undefined;
  if (typeof v !== "string") return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The key `count(DISTINCT …)` uses: strings, booleans and numbers by value; null, arrays and objects are skipped. */
export function distinctKey(v: unknown): string | undefined {
  switch (jsonKind(v)) {
    case "string":
      return `s${v as string}`;
    case "boolean":
      return `b${String(v)}`;
    case "number":
      return `n${String(v)}`;
    default:
      return undefined;
  }
}
