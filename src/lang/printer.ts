import {
  type Cmp,
  type Condition,
  type EventRef,
  type PropFilter,
  type TraitOp,
  visitCondition,
} from "../model/index.js";
import { isBarePath } from "./keywords.js";

const CMP_TEXT = { eq: "=", neq: "!=", gt: ">", gte: ">=", lt: "<", lte: "<=" } as const;

/** Numbers print so the lexer reads back the same double (String() round-trips; -0 is kept). */
export const num = (n: number): string => (Object.is(n, -0) ? "-0" : String(n));
const str = (s: string): string => JSON.stringify(s);
const scalar = (v: unknown): string => (typeof v === "string" ? str(v) : typeof v === "number" ? num(v) : String(v));
const path = (p: string): string => (isBarePath(p) ? p : str(p));

/** The text of `op value` after a trait or property name. */
export function printOperator(op: TraitOp, value: unknown): string {
  const v = value as never;
  switch (op) {
    case "eq":
    case "neq":
      return `${CMP_TEXT[op]} ${scalar(v)}`;
    case "gt":
    case "gte":
    case "lt":
    case "lte":
      return `${CMP_TEXT[op]} ${num(v)}`;
    case "between": {
      const [lo, hi] = v as [number, number];
      return `between ${num(lo)} and ${num(hi)}`;
    }
    case "in":
      return `in [${(v as unknown[]).map(scalar).join(", ")}]`;
    case "notIn":
      return `not in [${(v as unknown[]).map(scalar).join(", ")}]`;
    case "contains":
      return `contains ${str(v)}`;
    case "notContains":
      return `not contains ${str(v)}`;
    case "startsWith":
      return `starts with ${str(v)}`;
    case "endsWith":
      return `ends with ${str(v)}`;
    case "matches":
      return `matches ${str(v)}`;
    case "exists":
      return "exists";
    case "missing":
      return "missing";
    case "before":
      return `before ${str(v)}`;
    case "after":
      return `after ${str(v)}`;
    case "withinLast":
      return `in last ${v}`;
    case "olderThan":
      return `older than ${v}`;
    case "near": {
      const g = v as { lat: number; lon: number; km: number };
      return `near (${num(g.lat)}, ${num(g.lon)}) within ${num(g.km)}km`;
    }
    case "topPercent":
      return `top ${num(v)}%`;
    case "bottomPercent":
      return `bottom ${num(v)}%`;
    default: {
      const never: never = op;
      throw new Error(`unreachable operator ${String(never)}`);
    }
  }
}

const filters = (where: readonly PropFilter[] | undefined): string =>
  where?.length ? ` where ${where.map((f) => `${path(f.property)} ${printOperator(f.op, f.value)}`).join(", ")}` : "";

const eventRef = (r: EventRef): string => (typeof r === "string" ? str(r) : `${str(r.event)}${filters(r.where)}`);

function count(c: Cmp): string {
  switch (c.op) {
    case "gte":
      return `at least ${num(c.value)} times`;
    case "lte":
      return `at most ${num(c.value)} times`;
    case "eq":
      return `exactly ${num(c.value)} times`;
    case "gt":
      return `more than ${num(c.value)} times`;
    case "lt":
      return `fewer than ${num(c.value)} times`;
    case "between":
      return `between ${num(c.value[0])} and ${num(c.value[1])} times`;
    case "neq":
      return `count != ${num(c.value)}`;
  }
}

const cmp = (c: Cmp): string =>
  c.op === "between" ? `between ${num(c.value[0])} and ${num(c.value[1])}` : `${CMP_TEXT[c.op]} ${num(c.value)}`;

/** Whether the node prints as infix `a and b` / `a or b` (so it needs parentheses inside another operator). */
const infix = (c: Condition): boolean => ("all" in c && c.all.length >= 2) || ("any" in c && c.any.length >= 2);

/**
 * Prints the canonical text form. Infix and/or for two or more children, all(…)/any(…) for fewer, parentheses
 * wherever a nested and/or would otherwise merge with its parent, so parse(print(ast)) is the same AST.
 */
export function printCondition(c: Condition): string {
  const operand = (x: Condition): string => (infix(x) ? `(${printCondition(x)})` : printCondition(x));
  return visitCondition<string>(c, {
    all: (n) => (n.all.length >= 2 ? n.all.map(operand).join(" and ") : `all(${n.all.map(printCondition).join("")})`),
    any: (n) => (n.any.length >= 2 ? n.any.map(operand).join(" or ") : `any(${n.any.map(printCondition).join("")})`),
    not: (n) => `not ${operand(n.not)}`,
    trait: (n) => `${isBarePath(n.trait) ? n.trait : `trait ${str(n.trait)}`} ${printOperator(n.op, n.value)}`,
    performed: (n) => {
      let out = `performed ${str(n.performed)}${filters(n.where)}`;
      if (n.count) out += ` ${count(n.count)}`;
      if (n.agg) out += ` with ${n.agg.fn}(${path(n.agg.property)}) ${cmp(n.agg)}`;
      if (n.within !== undefined) out += ` in last ${n.within}`;
      if (n.between) out += ` between ${str(n.between[0])} and ${str(n.between[1])}`;
      return out;
    },
    first: (n) => `first ${str(n.first)}${filters(n.where)} in last ${n.within}`,
    last: (n) =>
      `last ${str(n.last)}${filters(n.where)}${n.olderThan !== undefined ? ` older than ${n.olderThan}` : ""}${
        n.within !== undefined ? ` in last ${n.within}` : ""
      }`,
    did: (n) =>
      `did ${eventRef(n.did)} then not ${eventRef(n.thenNot)} for ${n.for}${n.within !== undefined ? ` in last ${n.within}` : ""}`,
    sequence: (n) =>
      `sequence ${n.sequence.map(eventRef).join(" -> ")} within ${n.within}${n.lookback !== undefined ? ` in last ${n.lookback}` : ""}`,
    inSegment: (n) => `in segment ${str(n.inSegment)}`,
    bucket: (n) => `bucket ${str(n.bucket.salt)} from ${num(n.bucket.from)} to ${num(n.bucket.to)}`,
  });
}
