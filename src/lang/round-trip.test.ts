import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { CONDITION_KINDS, type Condition, kindOfRaw } from "../model/index.js";
import { conditionArb } from "./arbitraries.test-util.js";
import { parseSegment } from "./parse-segment.js";
import { printCondition } from "./printer.js";

const parse = (text: string): Condition => {
  const r = parseSegment(text);
  if (!r.definition) throw new Error(`${text}\n${JSON.stringify(r.diagnostics)}`);
  return r.definition;
};

describe("text form round trip", () => {
  it("parse(print(ast)) deep-equals ast for random ASTs of every node kind", () => {
    fc.assert(
      fc.property(conditionArb, (ast) => {
        expect(parse(printCondition(ast))).toEqual(ast);
      }),
      { numRuns: 1500 },
    );
  });

  it("the generator reaches every node kind", () => {
    const seen = new Set<string>();
    const visit = (c: Condition): void => {
      seen.add(kindOfRaw(c) ?? "?");
      if ("all" in c) c.all.forEach(visit);
      if ("any" in c) c.any.forEach(visit);
      if ("not" in c) visit(c.not);
    };
    for (const c of fc.sample(conditionArb, 500)) visit(c);
    for (const k of CONDITION_KINDS) expect(seen.has(k) ? k : `missing ${k}`).toBe(k);
  });
});

describe("examples from the language reference", () => {
  it.each<[string, Condition]>([
    [
      'performed "Order Completed" where revenue > 50 at least 2 times in last 30d and plan = "pro" and not in segment "churned"',
      {
        all: [
          {
            performed: "Order Completed",
            where: [{ property: "revenue", op: "gt", value: 50 }],
            count: { op: "gte", value: 2 },
            within: "30d",
          },
          { trait: "plan", op: "eq", value: "pro" },
          { not: { inSegment: "churned" } },
        ],
      },
    ],
    [
      'did "Product Added" then not "Order Completed" for 2h',
      { did: "Product Added", thenNot: "Order Completed", for: "2h" },
    ],
    [
      'sequence "Product Viewed" -> "Product Added" -> "Checkout Started" within 1h',
      { sequence: ["Product Viewed", "Product Added", "Checkout Started"], within: "1h" },
    ],
    ["city near (52.52, 13.40) within 50km", { trait: "city", op: "near", value: { lat: 52.52, lon: 13.4, km: 50 } }],
    ["$clv top 10%", { trait: "$clv", op: "topPercent", value: 10 }],
    [
      "a = 1 or b = 2 and not c exists",
      {
        any: [
          { trait: "a", op: "eq", value: 1 },
          { all: [{ trait: "b", op: "eq", value: 2 }, { not: { trait: "c", op: "exists" } }] },
        ],
      },
    ],
    [
      "(a = 1 or b = 2) and c is missing",
      {
        all: [
          {
            any: [
              { trait: "a", op: "eq", value: 1 },
              { trait: "b", op: "eq", value: 2 },
            ],
          },
          { trait: "c", op: "missing" },
        ],
      },
    ],
    [
      'performed "Order Completed" with sum(revenue) >= 100 within 90d',
      { performed: "Order Completed", agg: { fn: "sum", property: "revenue", op: "gte", value: 100 }, within: "90d" },
    ],
    ['last "Order Completed" older than 60d', { last: "Order Completed", olderThan: "60d" }],
    ['bucket "exp-1" from 0 to 50', { bucket: { salt: "exp-1", from: 0, to: 50 } }],
    ["all()", { all: [] }],
  ])("%s", (text, ast) => {
    expect(parse(text)).toStrictEqual(ast);
  });
});
