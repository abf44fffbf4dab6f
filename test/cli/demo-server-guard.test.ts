import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeServerFile } from "../../src/server/index.js";
import { runCli } from "../helpers/run-cli.js";

const dir = mkdtempSync(join(tmpdir(), "tessera-demo-guard-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("tessera demo next to a running server", () => {
  it("refuses with a clear message instead of a database lock error", async () => {
    // A live pid (this test process) in the server file is what a running `tessera serve` leaves behind.
    writeServerFile(dir, { pid: process.pid, url: "http://127.0.0.1:1", token: "t" });
    const r = await runCli(["demo", "--profiles", "10", "--days", "2", "--data", dir, "--json"]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain("server_running");
    expect(r.stderr).toContain(`pid ${process.pid}`);
    expect(r.stderr).not.toMatch(/lock/i);
  });
});
