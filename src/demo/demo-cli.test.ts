import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../../test/helpers/run-cli.js";
import { DuckDBStore } from "../store/index.js";
import type { DemoSummary } from "./index.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-demo-"));
const data = join(dir, "data");
const ARGS = ["demo", "--profiles", "200", "--days", "20", "--seed", "1", "--end", "2026-06-01", "--data", data];

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tessera demo", () => {
  let first: DemoSummary;

  it("writes the workspace and prints one JSON summary", async () => {
    const r = await runCli([...ARGS, "--json"]);
    expect(r.code, r.stderr).toBe(0);
    first = jsonOf<DemoSummary>(r);
    expect(first.profiles).toBe(200);
    expect(first.events).toBeGreaterThan(1000);
    expect(first.traits).toBeGreaterThan(200 * 15);
    expect(first.ms).toBeGreaterThan(0);
    expect(first.start).toBe("2026-05-12T00:00:00.000Z");
    expect(first.end).toBe("2026-06-01T00:00:00.000Z");
    expect(first.experiment.experiment).toBe("checkout_v2");
    const store = await DuckDBStore.open({ dataDir: data, readOnly: true });
    const [row] = await store.all<{ e: number; p: number }>(
      "SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM profiles) AS p",
    );
    await store.close();
    expect(row).toEqual({ e: first.events, p: 200 });
  });

  it("refuses a data directory that already has events, naming it", async () => {
    const r = await runCli([...ARGS, "--json"]);
    expect(r.code).toBe(1);
    expect(jsonOf<{ error: { code: string } }>(r).error.code).toBe("demo_exists");
    expect(r.stderr).toContain(data);
    expect(r.stderr).toContain("--force");
  });

  it("replaces the data with --force and generates the same population", async () => {
    const r = await runCli([...ARGS, "--force", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    const again = jsonOf<DemoSummary>(r);
    expect({ ...again, ms: 0 }).toEqual({ ...first, ms: 0 });
  });

  it("names the flag when a value is bad, without a stack trace", async () => {
    const r = await runCli(["demo", "--end", "June", "--data", data]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--end");
    expect(r.stderr).not.toContain("    at ");
  });
});
