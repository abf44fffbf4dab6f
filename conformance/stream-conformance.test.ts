import { describe, expect, it } from "vitest";
import { runScenario, scenarios } from "./runner.js";
import { createStreamEngine } from "./stream-engine.js";

describe("conformance: stream", () => {
  for (const s of scenarios) {
    it(s.name, async () => {
      expect(await runScenario(createStreamEngine, s)).toEqual([]);
    });
  }
});
