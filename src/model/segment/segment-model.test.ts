import { describe, expect, it } from "vitest";
import { bucketOf, fnv1a32 } from "./bucket-of.js";
import { computedTraitDefSchema } from "./computed-trait.js";
import { type Condition, conditionKind, conditionSchema } from "./condition.js";

describe("fnv1a32", () => {
  // Reference values from the FNV test suite (Fowler/Noll/Vo, http://www.isthe.com/chongo/src/fnv/test_fnv.c).
  it.each([
    ["", 0x811c9dc5],
    ["a", 0xe40c292c],
    ["foobar", 0xbf9cf968],
  ])("hash(%j)", (text, want) => {
    expect(fnv1a32(text)).toBe(want);
  });

  it("bucketOf is in [0,100) and spreads ids evenly", () => {
    const counts = new Array(10).fill(0) as number[];
    for (let i = 0; i < 20000; i++) {
      const b = bucketOf("s", `user-${i}`);
      expect(b).toBeGreaterThanOrEqual(0);
      expect(b).toBeLessThan(100);
      counts[Math.floor(b / 10)]!++;
    }
    for (const c of counts) expect(Math.abs(c - 2000)).toBeLessThan(200);
  });
});

describe("condition schema", () => {
  it("accepts every node kind", () => {
    const def: Condition = {
      all: [
        { trait: "plan", op: "eq", value: "pro" },
        { performed: "Order Completed", within: "30d", count: { op: "gte", value: 2 } },
        { not: { inSegment: "churned" } },
        {
          any: [
            { first: "Signed Up", within: "7d" },
            { last: "Order Completed", olderThan: "60d" },
          ],
        },
        { did: "Product Added", thenNot: "Order Completed", for: "2h" },
        { sequence: ["A", { event: "B", where: [{ property: "x", op: "gt", value: 1 }] }], within: "1h" },
        { bucket: { salt: "x", from: 0, to: 50 } },
      ],
    };
    expect(conditionSchema.safeParse(def).success).toBe(true);
    expect(conditionKind(def)).toBe("all");
  });

  it("rejects bad durations and unknown keys", () => {
    expect(conditionSchema.safeParse({ performed: "A", within: "30 days" }).success).toBe(false);
    expect(conditionSchema.safeParse({ performed: "A", whithin: "30d" }).success).toBe(false);
  });

  it("computed traits need a property except for count", () => {
    expect(computedTraitDefSchema.safeParse({ name: "n", event: "A", fn: "count" }).success).toBe(true);
    expect(computedTraitDefSchema.safeParse({ name: "n", event: "A", fn: "sum" }).success).toBe(false);
  });
});
