import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBStore } from "../../src/store/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";
import { recordChange, SECRET_A } from "./activation-helpers.js";

let dir: string;
let data: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tessera-act-cli-"));
  data = join(dir, "data");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tessera destinations | rules | outbox", () => {
  it("creates a destination and a rule, delivers, and inspects/retries the dead-letter queue", async () => {
    const add = await runCli([
      "destinations",
      "add",
      "--data",
      data,
      "--json",
      "--kind",
      "webhook",
      "--id",
      "hook",
      "--config",
      JSON.stringify({ url: "http://127.0.0.1:9/refused", secrets: [SECRET_A] }),
      "--segments",
      "vip",
      "--max-attempts",
      "1",
    ]);
    expect(add.code).toBe(0);
    expect(jsonOf(add)).toMatchObject({ id: "hook", kind: "webhook", segments: ["vip"], config: { secrets: ["***"] } });

    const ruleFile = join(dir, "rule.json");
    writeFileSync(
      ruleFile,
      JSON.stringify({
        id: "welcome",
        trigger: { on: "entered", segment: "vip" },
        delay: "1h",
        action: { destination: "hook" },
      }),
    );
    const rule = await runCli(["rules", "add", ruleFile, "--data", data, "--json"]);
    expect(rule.code).toBe(0);
    expect(jsonOf(rule)).toMatchObject({ id: "welcome", delay: "1h", enabled: true });

    const store = await DuckDBStore.open({ dataDir: data });
    await recordChange(store, { segment: "vip", profile: "p1", change: "entered", at: Date.now() });
    await store.close();
    const work = await runCli(["outbox", "work", "--until-idle", "--data", data, "--json"]);
    expect(work.code).toBe(0);
    const dead = jsonOf<{ rows: { seq: number; status: string; lastError: string }[] }>(
      await runCli(["outbox", "list", "--status", "dead", "--data", data, "--json"]),
    );
    expect(dead.rows).toHaveLength(1);
    expect(dead.rows[0]!.lastError).toMatch(/ECONNREFUSED|fetch failed/);
    const retry = await runCli(["outbox", "retry", String(dead.rows[0]!.seq), "--data", data, "--json"]);
    expect(jsonOf(retry)).toEqual({ requeued: 1 });
  });

  it("errors name the flag, the file and the field", async () => {
    const badJson = await runCli(["destinations", "add", "--data", data, "--kind", "webhook", "--config", "{url:"]);
    expect(badJson.code).not.toBe(0);
    expect(badJson.stderr).toMatch(/--config.*invalid JSON/);
    expect(badJson.stderr).not.toMatch(/\n\s+at /);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, '{\n  "id": "x",\n  "trigger": }\n');
    const syntax = await runCli(["rules", "add", broken, "--data", data]);
    expect(syntax.stderr).toContain(`${broken}:3:`);
  });
});
