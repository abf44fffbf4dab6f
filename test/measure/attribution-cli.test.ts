import { describe, expect, it } from "vitest";
import type { AttributionReport } from "../../src/measure/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";
import { csv, writeCsvs } from "./measure-cli-fixtures.js";

const files = writeCsvs({
  // The hand-solved chain of src/measure/attribution/markov-attribution.test.ts: P(conv) = ½, removal effects A ⅓, B 1.
  "paths.csv": csv("path,conv,nulls,value", [
    ["A > B", 1, 0, 100],
    ["A", 0, 1, 0],
    ["B", 1, 1, 50],
  ]),
  "events.csv": csv("customer,ts,channel,converted", [
    ["u1", "2024-01-02", "Email", "no"],
    ["u1", "2024-01-01", "Search", "no"],
    ["u1", "2024-01-03", "", "yes"],
    ["u1", "2024-01-09", "Display", "no"],
    ["u2", "2024-01-01", "Display", "no"],
    ["u2", "2024-01-05", "Search", "yes"],
  ]),
  "badtime.csv": csv("customer,ts,channel,converted", [["u1", "yesterday", "Email", "no"]]),
});

describe("tessera attribution", () => {
  it("paths file: exact Markov removal effects and credits beside the heuristics", async () => {
    const r = await runCli([
      "attribution",
      files["paths.csv"]!,
      "--path-col",
      "path",
      "--conversions-col",
      "conv",
      "--nulls-col",
      "nulls",
      "--value-col",
      "value",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<AttributionReport>(r);
    expect(out.pConversion).toBeCloseTo(0.5, 14);
    const [a, b] = out.channels;
    expect(a).toMatchObject({ channel: "A", firstTouch: 1, lastTouch: 0, linear: 0.5 });
    expect(a!.removalEffect).toBeCloseTo(1 / 3, 14);
    expect(a!.markov).toBeCloseTo(0.5, 14);
    expect(b!.markov).toBeCloseTo(1.5, 14);
    expect(b!.markovValue).toBeCloseTo(112.5, 12); // ¾ of the total value 150
  });

  it("events file: journeys per customer in time order, with time decay", async () => {
    const r = await runCli([
      "attribution",
      "--events",
      files["events.csv"]!,
      "--customer-col",
      "customer",
      "--time-col",
      "ts",
      "--channel-col",
      "channel",
      "--conversion-col",
      "converted",
      "--half-life",
      "1d",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<AttributionReport>(r);
    expect(out.totalConversions).toBe(2);
    const search = out.channels.find((c) => c.channel === "Search")!;
    expect(search.firstTouch).toBe(1);
    expect(search.lastTouch).toBe(1);
    expect(search.timeDecay).toBeCloseTo(1 / 3 + 16 / 17, 12);
    expect(out.channels.reduce((s, c) => s + c.markov, 0)).toBeCloseTo(2, 12);
  });

  it("--order 2 uses the last two channels as the state", async () => {
    const base = [
      "attribution",
      files["paths.csv"]!,
      "--path-col",
      "path",
      "--conversions-col",
      "conv",
      "--nulls-col",
      "nulls",
    ];
    const [two, bad] = await Promise.all([
      runCli([...base, "--order", "2", "--json"]),
      runCli([...base, "--order", "9"]),
    ]);
    expect(two.code).toBe(0);
    // Second order on the hand case: states A, (A,B), B; start → A ½, → B ½; A → (A,B) ½, → null ½; (A,B) → conversion;
    // B → conversion ½, null ½. P = ½·½ + ½·½ = ½. Without A (states A and (A,B)): ¼ → removal effect ½; without B: 0 → 1.
    // Credits of the 2 conversions: A 2·½/1.5 = ⅔, B 4/3.
    const out = jsonOf<AttributionReport>(two);
    expect(out.pConversion).toBeCloseTo(0.5, 14);
    expect(out.channels[0]!.removalEffect).toBeCloseTo(0.5, 14);
    expect(out.channels[0]!.markov).toBeCloseTo(2 / 3, 14);
    expect(out.channels[1]!.markov).toBeCloseTo(4 / 3, 14);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--order");
  });

  it("errors name the flag, or the file, line and column", async () => {
    const missing = await runCli(["attribution", files["paths.csv"]!, "--path-col", "path", "--json"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("--conversions-col");
    const bad = await runCli([
      "attribution",
      "--events",
      files["badtime.csv"]!,
      "--customer-col",
      "customer",
      "--time-col",
      "ts",
      "--channel-col",
      "channel",
      "--conversion-col",
      "converted",
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("badtime.csv:2");
    expect(bad.stderr).toContain('"ts"');
  });
});
