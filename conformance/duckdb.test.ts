import { describe, expect, it } from "vitest";
import { CONDITION_KINDS, TRAIT_OPS } from "../src/model/index.js";
import { createDuckDBEngine } from "./engines/duckdb-engine.js";
import { runScenario, scenarios } from "./runner.js";

describe("conformance: duckdb", () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      expect(await runScenario(createDuckDBEngine, s)).toEqual([]);
    });
  }

  it("covers every node kind and every trait operator", () => {
    const covered = new Set(scenarios.flatMap((s) => s.covers));
    for (const k of CONDITION_KINDS) expect(covered.has(k) ? true : k).toBe(true);
    const ops = new Set(
      scenarios.flatMap((s) => s.segments.flatMap((g) => JSON.stringify(g.definition).match(/"op":"\w+"/g) ?? [])),
    );
    for (const op of TRAIT_OPS) expect(ops.has(`"op":"${op}"`) ? true : op).toBe(true);
  });
});
