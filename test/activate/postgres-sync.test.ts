import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ActivationService, ManualClock } from "../../src/activate/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { recordChange } from "./activation-helpers.js";
import { type PgCluster, pgBinDir, startPgCluster } from "./pg-cluster.js";

const bin = pgBinDir();
if ("missing" in bin) {
  if (process.env["CI"] === "true") throw new Error(`CI=true and PostgreSQL is missing: ${bin.missing}`);
  console.log(`skipping Postgres table sync tests: ${bin.missing}`);
}

describe.skipIf("missing" in bin)("Postgres table sync (a real throwaway cluster)", () => {
  let cluster: PgCluster;
  let store: DuckDBStore;
  let client: pg.Client;

  beforeAll(async () => {
    cluster = await startPgCluster((bin as { dir: string }).dir);
    store = await DuckDBStore.open({ dataDir: null });
  }, 120_000);
  afterAll(async () => {
    await client?.end().catch(() => undefined);
    await store?.close();
    cluster?.destroy();
  });

  const members = async (): Promise<string[][]> => {
    const r = await client.query<{ segment_id: string; profile_id: string; segment_version: number }>(
      "SELECT segment_id, profile_id, segment_version FROM analytics.audience ORDER BY 1, 2",
    );
    return r.rows.map((x) => [x.segment_id, x.profile_id, String(x.segment_version)]);
  };

  it("applies enters and exits in order, exactly once per idempotency key, and survives the database going away", async () => {
    const clock = new ManualClock(Date.now());
    const svc = new ActivationService(store, clock.now);
    await svc.destinations.put({
      id: "warehouse",
      kind: "postgres",
      config: { connectionString: cluster.url, schema: "analytics", table: "audience" },
      segments: ["*"],
    });
    const worker = svc.createWorker();
    const t = Date.now();
    await recordChange(store, { segment: "vip", profile: "a", change: "entered", at: t });
    await recordChange(store, { segment: "vip", profile: "b", change: "entered", at: t + 1 });
    await recordChange(store, { segment: "churn", version: 3, profile: "a", change: "entered", at: t + 2 });
    await recordChange(store, { segment: "vip", profile: "b", change: "exited", at: t + 3 });
    await worker.drain();
    client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    expect(await members()).toEqual([
      ["churn", "a", "3"],
      ["vip", "a", "1"],
    ]);

    // A replay re-sends the same keys: the applied-key log makes it a no-op (b does not come back).
    expect(await svc.outbox.replay({ destination: "warehouse" })).toBe(4);
    await worker.drain();
    expect(await members()).toEqual([
      ["churn", "a", "3"],
      ["vip", "a", "1"],
    ]);
    const applied = await client.query("SELECT count(*)::int AS n FROM analytics.audience_applied");
    expect(applied.rows[0].n).toBe(4);

    // Database down: the delivery fails, stays pending with the error visible, and lands once it is back.
    await client.end();
    cluster.stop();
    await recordChange(store, { segment: "vip", profile: "c", change: "entered", at: t + 4 });
    await worker.drain();
    const pending = (await svc.outbox.list({ destination: "warehouse", status: "pending" })).rows;
    expect(pending).toHaveLength(1);
    expect(pending[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(pending[0]!.lastError).toMatch(/postgres/);
    cluster.start();
    clock.advance(10 * 60_000);
    await worker.drain();
    expect((await svc.outbox.list({ destination: "warehouse", status: "pending" })).rows).toHaveLength(0);
    client = new pg.Client({ connectionString: cluster.url });
    await client.connect();
    expect(await members()).toEqual([
      ["churn", "a", "3"],
      ["vip", "a", "1"],
      ["vip", "c", "1"],
    ]);
    await worker.stop();
  });
});
