import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { jsonOf, runCli } from "../helpers/run-cli.js";

let dir: string;
const data = () => ["--data", join(dir, "data")];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "tessera-seg-"));
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) {
    const u = `u${String(i).padStart(2, "0")}`;
    lines.push(
      JSON.stringify({
        type: "identify",
        userId: u,
        traits: { plan: i < 4 ? "pro" : "free" },
        timestamp: "2024-03-01T00:00:00Z",
      }),
    );
    for (let k = 0; k < i % 3; k++) {
      lines.push(
        JSON.stringify({
          type: "track",
          userId: u,
          event: "Order Completed",
          properties: { revenue: 40 },
          timestamp: `2024-03-0${k + 2}T00:00:00Z`,
        }),
      );
    }
  }
  writeFileSync(join(dir, "events.ndjson"), `${lines.join("\n")}\n`);
  writeFileSync(join(dir, "def.json"), JSON.stringify({ trait: "plan", op: "eq", value: "pro" }));
  writeFileSync(
    join(dir, "record.json"),
    JSON.stringify({
      id: "buyers",
      name: "Buyers",
      definition: { performed: "Order Completed", count: { op: "gte", value: 2 } },
    }),
  );
  writeFileSync(join(dir, "broken.json"), '{\n  "trait": "plan",\n  "op": eq\n}');
  writeFileSync(join(dir, "bad.tsg"), 'plan = "pro"\nand performed "Order Completed" in last 30 days');
  const r = await runCli(["import", "events", join(dir, "events.ndjson"), ...data(), "--json"]);
  expect(r.code).toBe(0);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tessera segment", () => {
  it("eval --dsl / DEF.json / record with --members and --as-of", async () => {
    const a = await runCli(["segment", "eval", "--dsl", 'plan = "pro"', ...data(), "--json"]);
    expect(jsonOf(a)).toEqual({ size: 4, population: 12 });
    const b = await runCli(["segment", "eval", join(dir, "record.json"), "--members", ...data(), "--json"]);
    expect(jsonOf(b)).toEqual({ size: 4, population: 12, members: ["u02", "u05", "u08", "u11"] });
    const c = await runCli([
      "segment",
      "eval",
      join(dir, "record.json"),
      "--as-of",
      "2024-03-02T12:00:00Z",
      "--json",
      ...data(),
    ]);
    expect(jsonOf(c)).toEqual({ size: 0, population: 12 });
    const d = await runCli(["segment", "eval", join(dir, "def.json"), "--json", ...data()]);
    expect(jsonOf(d)).toMatchObject({ size: 4 });
  }, 60_000);

  it("bad definitions name the input with line and column, exit non-zero, no stack trace", async () => {
    const a = await runCli(["segment", "eval", join(dir, "bad.tsg"), ...data()]);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain("bad.tsg:2:41");
    expect(a.stderr).toContain("^^");
    expect(a.stderr).toContain('did you mean "30d"?');
    expect(a.stderr).not.toMatch(/\n\s+at /);
    const b = await runCli(["segment", "eval", join(dir, "broken.json"), ...data(), "--json"]);
    expect(b.code).toBe(1);
    expect(b.stderr).toMatch(/broken\.json:3:\d+: not valid JSON/);
    const c = await runCli(["segment", "eval", "--dsl", '{"performed": 1}', ...data(), "--json"]);
    expect(c.code).toBe(1);
    expect(jsonOf<{ error: { code: string } }>(c).error.code).toBe("invalid_definition");
    const d = await runCli(["segment", "eval", "--dsl", "plan exists", "--as-of", "soon", ...data()]);
    expect(d.stderr).toContain("--as-of");
  }, 60_000);

  it("create, list, show, members, explain", async () => {
    const c = await runCli(["segment", "create", join(dir, "record.json"), ...data(), "--json"]);
    expect(jsonOf<{ segment: { id: string; version: number } }>(c).segment).toMatchObject({ id: "buyers", version: 1 });
    const l = await runCli(["segment", "list", "--sizes", ...data(), "--json"]);
    expect(jsonOf<{ segments: Array<{ id: string; size: number }> }>(l).segments.map((s) => [s.id, s.size])).toEqual([
      ["buyers", 4],
    ]);
    const m = await runCli(["segment", "members", "buyers", "--limit", "3", ...data(), "--json"]);
    expect(jsonOf(m)).toMatchObject({
      members: [{ profileId: "u02" }, { profileId: "u05" }, { profileId: "u08" }],
      nextCursor: "u08",
    });
    const x = await runCli(["segment", "explain", "buyers", "u05", ...data()]);
    expect(x.stdout).toContain('✓ (root) performed "Order Completed": count 2 ≥ 2');
  }, 60_000);
});
