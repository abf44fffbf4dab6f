import type { Engine, EngineFactory } from "./engine.js";
import { type Scenario, toRecords } from "./scenario.js";
import { behaviourScenarios } from "./scenarios-behaviour.js";
import { structureScenarios } from "./scenarios-structure.js";
import { traitScenarios } from "./scenarios-traits.js";

export const scenarios: Scenario[] = [...behaviourScenarios, ...traitScenarios, ...structureScenarios];

export interface Mismatch {
  scenario: string;
  at: string;
  segment: string;
  expected: string[];
  actual: string[];
}

/** Runs one scenario on a fresh engine; returns every disagreement (empty = pass). Engine-agnostic. */
export async function runScenario(factory: EngineFactory, scenario: Scenario): Promise<Mismatch[]> {
  const engine: Engine = await factory();
  try {
    await engine.load(scenario.messages);
    const records = toRecords(scenario.segments);
    const out: Mismatch[] = [];
    for (const check of scenario.checks) {
      const got = await engine.membersAt(records, Date.parse(check.at));
      for (const [segment, wantIds] of Object.entries(check.expect)) {
        const expected = (
          await Promise.all(wantIds.map(async (id) => (await engine.profileOf(id)) ?? `?${id}`))
        ).sort();
        const actual = [...(got.get(segment) ?? [])].sort();
        if (JSON.stringify(expected) !== JSON.stringify(actual)) {
          out.push({ scenario: scenario.name, at: check.at, segment, expected, actual });
        }
      }
    }
    return out;
  } finally {
    await engine.close();
  }
}
