import type { Cmp } from "../../model/index.js";

const SYMBOL = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" } as const;

/** `x cmp` exactly as SQL compares (BETWEEN is inclusive on both ends). */
export function cmpHolds(x: number, c: Cmp): boolean {
  switch (c.op) {
    case "between":
      return x >= c.value[0] && x <= c.value[1];
    case "eq":
      return x === c.value;
    case "neq":
      return x !== c.value;
    case "gt":
      return x > c.value;
    case "gte":
      return x >= c.value;
    case "lt":
      return x < c.value;
    case "lte":
      return x <= c.value;
  }
}

export const cmpText = (c: Cmp): string =>
  c.op === "between" ? `in [${c.value[0]}, ${c.value[1]}]` : `${SYMBOL[c.op]} ${c.value}`;

/**
 * How many of the most recent events a count comparison can tell apart: counts at or above this cap compare like the
 * cap itself, so a windowed count keeps at most `cap` timestamps (`≥ 1` keeps one: the latest).
 */
export function countCap(c: Cmp): number {
  // "At least once" / "never" need only the latest time; other thresholds keep one more so reasons show exact counts.
  if ((c.op === "gte" || c.op === "lt") && c.value <= 1) return 1;
  const top = c.op === "between" ? c.value[1] : c.value;
  return Math.max(1, Math.floor(top) + 1);
}
