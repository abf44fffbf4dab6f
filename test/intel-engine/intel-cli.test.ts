import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tessera-intel-"));
  const demo = await runCli([
    "demo",
    "--profiles",
    "400",
    "--days",
    "120",
    "--end",
    "2026-06-01",
    "--data",
    dir,
    "--json",
  ]);
  expect(demo.code, demo.stderr).toBe(0);
}, 120_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe("tessera intel refresh", () => {
  it("--json prints one summary per model", async () => {
    const r = await runCli(["intel", "refresh", "--as-of", "2026-06-01", "--data", dir, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const s = jsonOf<{ asOf: string; population: number; models: Record<string, { rows: number; version: number }> }>(
      r,
    );
    expect(s.asOf).toBe("2026-06-01T00:00:00.000Z");
    expect(s.population).toBeGreaterThan(300);
    expect(Object.keys(s.models)).toHaveLength(8);
    expect(s.models["lifecycle"]?.rows).toBe(s.population);
    expect(s.models["rfm"]?.version).toBe(1);
  }, 60_000);

  it("prints a human table and names a bad --as-of", async () => {
    const ok = await runCli(["intel", "refresh", "--as-of", "2026-06-01", "--data", dir]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/rfm\s+\d+ rows/);
    const bad = await runCli(["intel", "refresh", "--as-of", "soon", "--data", dir, "--json"]);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr + bad.stdout).toContain("--as-of");
  }, 60_000);
});
