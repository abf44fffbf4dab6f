import type { Queryable } from "../store/index.js";
import { isMember, traitAt } from "./profile-facts.js";
import type { ConditionOp, RuleCondition } from "./rule-record.js";

const num = (v: unknown): number | null =>
  typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)) ? Number(v) : null;

const same = (a: unknown, b: unknown): boolean =>
  a === b || (a !== null && typeof a === "object" && JSON.stringify(a) === JSON.stringify(b));

/** Trait comparison with the language's missing-value rule: only missing, neq, notIn are true on a missing value. */
export function compare(actual: unknown, op: ConditionOp, expected: unknown): boolean {
  const missing = actual === undefined || actual === null;
  switch (op) {
    case "exists":
      return !missing;
    case "missing":
      return missing;
    case "neq":
      return missing || !same(actual, expected);
    case "notIn":
      return missing || !(Array.isArray(expected) && expected.some((e) => same(actual, e)));
    case "eq":
      return !missing && same(actual, expected);
    case "in":
      return !missing && Array.isArray(expected) && expected.some((e) => same(actual, e));
    case "contains":
      return (
        !missing &&
        (Array.isArray(actual)
          ? actual.some((x) => same(x, expected))
          : typeof actual === "string" && typeof expected === "string" && actual.includes(expected))
      );
    case "gt":
    case "gte":
    case "lt":
    case "lte": {
      const a = num(actual);
      const b = num(expected);
      if (missing || a === null || b === null) return false;
      return op === "gt" ? a > b : op === "gte" ? a >= b : op === "lt" ? a < b : a <= b;
    }
    default: {
      const never: never = op;
      throw new Error(`unreachable condition op ${String(never)}`);
    }
  }
}

/** The first condition that fails (for the log), or null when all hold. */
export async function failingCondition(
  db: Queryable,
  conditions: readonly RuleCondition[],
  profileId: string,
  traits: Record<string, unknown>,
): Promise<string | null> {
  for (const [i, c] of conditions.entries()) {
    if ("trait" in c) {
      if (!compare(traitAt(traits, c.trait), c.op, c.value)) return `conditions[${i}] ${c.trait} ${c.op} failed`;
    } else if ("inSegment" in c) {
      if (!(await isMember(db, c.inSegment, profileId))) return `conditions[${i}] not in segment ${c.inSegment}`;
    } else if (await isMember(db, c.notInSegment, profileId)) {
      return `conditions[${i}] in segment ${c.notInSegment}`;
    }
  }
  return null;
}
