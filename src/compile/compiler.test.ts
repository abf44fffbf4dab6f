import { describe, expect, it } from "vitest";
import { CONDITION_KINDS, type Condition } from "../model/index.js";
import { UnsupportedNodeError } from "./dialect.js";
import { duckdbDialect } from "./dialects/duckdb/duckdb-dialect.js";
import { compileMembership } from "./membership-query.js";

const evil = "x'); DROP TABLE events; --";

describe("compiler", () => {
  it("never splices values into SQL: every user value is a parameter", () => {
    const def: Condition = {
      all: [
        { performed: evil, where: [{ property: evil, op: "eq", value: evil }], within: "30d" },
        { trait: evil, op: "in", value: [evil, 12345.678] },
        { did: evil, thenNot: { event: evil, where: [{ property: "p", op: "contains", value: evil }] }, for: "2h" },
        { sequence: [evil, evil], within: "1h" },
        { bucket: { salt: evil, from: 0, to: 50 } },
        { trait: "$score", op: "topPercent", value: 10 },
      ],
    };
    const c = compileMembership([{ definition: def }], { asOf: 1_700_000_000_000 });
    expect(c.sql).not.toContain("DROP");
    expect(c.sql).not.toContain("12345.678");
    expect(c.params).toContain(evil);
    const used = new Set([...c.sql.matchAll(/\$(\d+)/g)].map((m) => Number(m[1])));
    expect([...used].sort((a, b) => a - b)).toEqual(c.params.map((_, i) => i + 1));
  });

  it("50 segments share one grouped pass per event name, with identical aggregates deduplicated", () => {
    const defs: Condition[] = Array.from({ length: 50 }, (_, i) => ({
      any: [
        { performed: `E${i % 5}`, within: "30d", count: { op: "gte", value: (i % 3) + 1 } },
        { last: `E${i % 5}`, olderThan: "7d" },
      ],
    }));
    const c = compileMembership(
      defs.map((definition) => ({ definition })),
      { asOf: 0 },
    );
    // 5 event names → 5 passes, whatever the number of segments.
    expect(c.sql.match(/FROM events/g)).toHaveLength(5);
    expect(c.sql.match(/count_if\(/g)).toHaveLength(5);
    expect(c.columns).toHaveLength(50);
  });

  it("an engine without a capability fails with a typed error naming engine and node", () => {
    const limited = {
      ...duckdbDialect,
      name: "limited",
      capabilities: {
        kinds: new Set(CONDITION_KINDS.filter((k) => k !== "sequence")),
        traitOps: new Set(["eq" as const]),
      },
    };
    const run = (definition: Condition) => () => compileMembership([{ definition }], { asOf: 0, dialect: limited });
    expect(run({ all: [{ sequence: ["A"], within: "1h" }] })).toThrowError(UnsupportedNodeError);
    try {
      run({ not: { trait: "x", op: "near", value: { lat: 0, lon: 0, km: 1 } } })();
    } catch (e) {
      expect(e).toBeInstanceOf(UnsupportedNodeError);
      expect((e as UnsupportedNodeError).details).toEqual({ engine: "limited", node: "operator near" });
      expect((e as UnsupportedNodeError).path).toEqual(["not"]);
    }
  });
});
