import { describe, expect, it } from "vitest";
import type { ExperimentResult } from "../../src/measure/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";
import { csv, writeCsvs } from "./measure-cli-fixtures.js";

const rows = (variant: string, yes: number, no: number, t = "yes", f = "no"): string[][] => [
  ...Array.from({ length: yes }, () => [variant, t]),
  ...Array.from({ length: no }, () => [variant, f]),
];

const files = writeCsvs({
  // the [[10, 20], [30, 40]] table: control 10/30, treatment 30/70
  "prop.csv": csv("variant,converted", [...rows("treatment", 30, 40), ...rows("control", 10, 20)]),
  "three.csv": csv("variant,converted", [
    ...rows("a", 50, 950, "1", "0"),
    ...rows("b", 65, 935, "1", "0"),
    ...rows("c", 80, 920, "1", "0"),
  ]),
  "mean.csv": csv("arm,revenue", [
    ...[1, 2, 3, 4, 5].map((v) => ["base", v]),
    ...[10, 12, 14, 16].map((v) => ["new", v]),
  ]),
  "bad.csv": csv("arm,revenue", [
    ["base", 1],
    ["new", "n/a"],
  ]),
});

describe("tessera abtest", () => {
  it("detects a proportion metric and reports the documented keys", async () => {
    const r = await runCli([
      "abtest",
      files["prop.csv"]!,
      "--variant-col",
      "variant",
      "--metric-col",
      "converted",
      "--json",
    ]);
    expect(r.code).toBe(0);
    const out = jsonOf<ExperimentResult>(r);
    expect(out.variants).toEqual([
      { name: "control", n: 30, mean: 1 / 3 },
      { name: "treatment", n: 70, mean: 30 / 70 },
    ]);
    // scipy.stats.chi2_contingency([[10, 20], [30, 40]]): Yates 0.4464285714285714 (p 0.5040358664525046), plain 0.7936507936507936
    expect(out.proportion!.chi2Yates.statistic).toBeCloseTo(0.4464285714285714, 12);
    expect(out.proportion!.chi2Yates.pValue).toBeCloseTo(0.5040358664525046, 12);
    expect(out.proportion!.z.statistic ** 2).toBeCloseTo(out.proportion!.chi2.statistic, 12);
    expect(out.proportion!.diff.value).toBeCloseTo(30 / 70 - 1 / 3, 14);
    expect(out.proportion!.diff.ci95).toHaveLength(2);
    expect(out.srm.chi2).toBeCloseTo(16, 12);
    expect(out.warnings.length).toBeGreaterThan(0);
    expect(out.mean).toBeUndefined();
  });

  it("mean metric with an explicit control and kind", async () => {
    const r = await runCli([
      "abtest",
      files["mean.csv"]!,
      "--variant-col",
      "arm",
      "--metric-col",
      "revenue",
      "--control",
      "base",
      "--kind",
      "mean",
      "--json",
    ]);
    const out = jsonOf<ExperimentResult>(r);
    // scipy.stats.ttest_ind([10,12,14,16], [1,2,3,4,5], equal_var=False) → t 6.793662204867575, df 4.749414519906323
    expect(out.mean!.welch.t).toBeCloseTo(6.793662204867575, 12);
    expect(out.mean!.welch.df).toBeCloseTo(4.749414519906323, 12);
    expect(out.mean!.student.df).toBe(7);
    expect(out.mean!.mannWhitney.u).toBe(20);
    expect(out.mean!.diff.ci95[0]).toBeCloseTo(6.15536361605991, 10);
  });

  it("three variants: omnibus chi-square and Holm pairwise", async () => {
    const r = await runCli([
      "abtest",
      files["three.csv"]!,
      "--variant-col",
      "variant",
      "--metric-col",
      "converted",
      "--json",
    ]);
    const out = jsonOf<ExperimentResult>(r);
    expect(out.omnibus!.statistic).toBeCloseTo(7.404360345536816, 11);
    expect(out.pairwise).toHaveLength(2);
    expect(out.pairwise![0]!.adjustedPValue).toBeGreaterThanOrEqual(out.pairwise![0]!.pValue);
  });

  it("abtest size for proportions and means", async () => {
    const [pr, mr] = await Promise.all([
      runCli(["abtest", "size", "--baseline", "0.1", "--target", "0.12", "--json"]),
      runCli(["abtest", "size", "--sd", "10", "--delta", "2", "--json"]),
    ]);
    const p = jsonOf<Record<string, number>>(pr);
    expect(p.perGroup).toBeCloseTo(3840.847482436276, 8);
    expect(p.unpooled).toBeCloseTo(3838.1021900967085, 8);
    expect(p.cohensH).toBeCloseTo(3834.605132347649, 8);
    const m = jsonOf<Record<string, number>>(mr);
    expect(m.perGroup).toBeCloseTo(392.44398671745444, 9);
  });

  it("errors name the file, the flag, the line and the column", async () => {
    const [missing, bad, size] = await Promise.all([
      runCli(["abtest", files["prop.csv"]!, "--variant-col", "variant", "--metric-col", "nope"]),
      runCli(["abtest", files["bad.csv"]!, "--variant-col", "arm", "--metric-col", "revenue", "--json"]),
      runCli(["abtest", "size", "--baseline", "1.5", "--target", "0.2"]),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("prop.csv");
    expect(missing.stderr).toContain("--metric-col");
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(bad.code).toBe(1);
    expect(jsonOf<{ error: { code: string } }>(bad).error.code).toBe("csv_bad_number");
    expect(bad.stderr).toContain("bad.csv:3");
    expect(size.code).toBe(1);
    expect(size.stderr).toContain("--baseline");
  });
});
