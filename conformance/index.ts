/** Conformance suite: scenarios (messages, instants, expected members) and an engine-agnostic runner. */
export type { Engine, EngineFactory } from "./engine.js";
export { createDuckDBEngine } from "./engines/duckdb-engine.js";
export { type Mismatch, runScenario, scenarios } from "./runner.js";
export type { Scenario, ScenarioCheck, ScenarioSegment } from "./scenario.js";
