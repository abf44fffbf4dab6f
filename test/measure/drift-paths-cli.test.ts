import { describe, expect, it } from "vitest";
import type { DriftReport, FunnelStep, PathShare, SankeyData } from "../../src/measure/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";
import { csv, writeCsvs } from "./measure-cli-fixtures.js";

const expected = Array.from({ length: 100 }, (_, i) => [i]);
// the deterministic PSI case of src/measure/drift/psi.test.ts: PSI = 1.2205957516275525
const actual = [...Array.from({ length: 10 }, (_, i) => [i]), ...Array.from({ length: 90 }, (_, i) => [i])];
const files = writeCsvs({
  "expected.csv": csv("score", expected),
  "actual.csv": csv("score", actual),
  "both.csv": csv("period,score", [...expected.map(([v]) => ["ref", v!]), ...actual.map(([v]) => ["now", v!])]),
  "events.csv": csv("user,at,event", [
    ["a", "2024-01-01T00:00:00Z", "Home"],
    ["a", "2024-01-01T01:00:00Z", "Product"],
    ["a", "2024-01-01T02:00:00Z", "Checkout"],
    ["b", "2024-01-01T00:00:00Z", "Home"],
    ["b", "2024-01-03T00:00:00Z", "Product"],
    ["c", "2024-01-01T05:00:00Z", "Product"],
    ["c", "2024-01-01T00:00:00Z", "Home"],
  ]),
});

describe("tessera drift", () => {
  it("two files: PSI, KS, bins with open outer edges, level", async () => {
    const r = await runCli([
      "drift",
      "--expected",
      files["expected.csv"]!,
      "--actual",
      files["actual.csv"]!,
      "--column",
      "score",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<DriftReport>(r);
    expect(out.psi).toBeCloseTo(1.2205957516275525, 12);
    expect(out.level).toBe("alert");
    expect(out.bins).toHaveLength(10);
    expect(out.bins[0]).toMatchObject({ lower: null, expected: 0.1, actual: 0.2 });
    expect(out.bins[0]!.upper).toBeCloseTo(9.9, 12);
    // scipy.stats.ks_2samp(expected, actual) → D 0.1, p 0.7020569828664881 (exact)
    expect(out.ks.d).toBeCloseTo(0.1, 14);
    expect(out.ks.pValue).toBeCloseTo(0.7020569828664881, 12);
  });

  it("one file split by a group column gives the same report", async () => {
    const r = await runCli([
      "drift",
      "--expected",
      files["both.csv"]!,
      "--group-col",
      "period",
      "--expected-value",
      "ref",
      "--actual-value",
      "now",
      "--column",
      "score",
      "--json",
    ]);
    expect(jsonOf<DriftReport>(r).psi).toBeCloseTo(1.2205957516275525, 12);
  });

  it("a missing column is an error naming the file and flag", async () => {
    const r = await runCli([
      "drift",
      "--expected",
      files["expected.csv"]!,
      "--actual",
      files["actual.csv"]!,
      "--column",
      "x",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("expected.csv");
    expect(r.stderr).toContain("--column");
  });
});

describe("tessera paths", () => {
  it("top paths, a funnel within a window and Sankey nodes", async () => {
    const r = await runCli([
      "paths",
      files["events.csv"]!,
      "--customer-col",
      "user",
      "--time-col",
      "at",
      "--event-col",
      "event",
      "--funnel",
      "Home>Product>Checkout",
      "--window",
      "1d",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<{ paths: PathShare[]; funnel: FunnelStep[]; sankey: SankeyData }>(r);
    expect(out.paths[0]).toEqual({ path: ["Home", "Product"], count: 2, share: 2 / 3 });
    expect(out.funnel.map((s) => s.count)).toEqual([3, 2, 1]);
    expect(out.funnel[1]!.medianTimeToConvertMs).toBe(3 * 3_600_000); // median of 1 h and 5 h
    expect(out.sankey.nodes.map((n) => n.name)).toEqual(["1:Home", "2:Product", "3:Checkout"]);
    expect(out.sankey.links[0]).toEqual({ source: "1:Home", target: "2:Product", value: 3 });
  });

  it("a bad window is an error naming the flag", async () => {
    const r = await runCli([
      "paths",
      files["events.csv"]!,
      "--customer-col",
      "user",
      "--time-col",
      "at",
      "--event-col",
      "event",
      "--window",
      "soon",
    ]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--window");
  });
});
