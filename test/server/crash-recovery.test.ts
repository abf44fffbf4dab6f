import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DuckDBStore } from "../../src/store/index.js";
import { jsonOf, runCli } from "../helpers/run-cli.js";
import { killHard, spawnServer } from "../helpers/spawn-server.js";

const dataDir = mkdtempSync(join(tmpdir(), "tessera-crash-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("durability under kill -9", () => {
  it("every batch that got a 200 is stored exactly once after a crash and restart", async () => {
    const key = jsonOf<{ secret: string }>(
      await runCli(["keys", "create", "--scope", "write", "--data", dataDir, "--json"]),
    ).secret;
    const auth = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
    const server = await spawnServer(dataDir);
    const acked: string[] = [];
    const sent: string[] = [];
    let stop = false;
    const client = async (c: number): Promise<void> => {
      for (let b = 0; !stop && b < 10_000; b++) {
        const id = `c${c}-b${b}`;
        const batch = Array.from({ length: 100 }, (_, i) => ({
          type: "track",
          userId: `user-${(b * 7 + i) % 500}`,
          event: "Load Test",
          messageId: `${id}-${i}`,
          properties: { i },
        }));
        sent.push(id);
        try {
          const res = await fetch(`${server.url}/v1/batch`, {
            method: "POST",
            headers: { authorization: auth, "content-type": "application/json" },
            body: JSON.stringify({ batch }),
          });
          if (res.status === 200) acked.push(id);
        } catch {
          return; // the server died mid-request: that batch was never acknowledged
        }
      }
    };
    const clients = [client(0), client(1), client(2)];
    await new Promise((r) => setTimeout(r, 1500));
    await killHard(server);
    stop = true;
    await Promise.all(clients);
    expect(acked.length).toBeGreaterThan(5);

    // Restart once (recovers the WAL), then stop it cleanly and inspect the file directly.
    const again = await spawnServer(dataDir);
    expect((await fetch(`${again.url}/healthz`)).status).toBe(200);
    again.child.kill("SIGTERM");
    await new Promise((r) => again.child.once("exit", r));

    const store = await DuckDBStore.open({ dataDir, readOnly: true });
    const rows = await store.all<{ batch: string; n: number; distinct_ids: number }>(
      `SELECT regexp_extract(message_id, '^(c\\d+-b\\d+)-', 1) AS batch, count(*) AS n, count(DISTINCT message_id) AS distinct_ids
       FROM events GROUP BY 1`,
    );
    await store.close();
    const byBatch = new Map(rows.map((r) => [r.batch, r]));
    for (const id of acked) {
      const r = byBatch.get(id);
      expect(r?.n, `acknowledged batch ${id}`).toBe(100);
      expect(r?.distinct_ids).toBe(100);
    }
    // Batches in flight at the kill are either wholly stored or not at all (all-or-nothing).
    for (const r of rows) expect([100], `batch ${r.batch}`).toContain(r.n);
  }, 120_000);
});
