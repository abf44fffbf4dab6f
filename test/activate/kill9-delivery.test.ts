import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ActivationService } from "../../src/activate/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { type Receiver, recordChange, SECRET_A, startReceiver, waitFor } from "./activation-helpers.js";

const root = resolve(import.meta.dirname, "..", "..");
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function spawnWorker(dataDir: string): ChildProcess {
  return spawn(
    process.execPath,
    ["--import", "tsx", resolve(root, "src/cli/bin.ts"), "outbox", "work", "--data", dataDir, "--poll-ms", "10"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
}

const killHard = (c: ChildProcess): Promise<void> =>
  new Promise((r) => {
    if (c.exitCode !== null || c.signalCode !== null) return r();
    c.once("exit", () => r());
    c.kill("SIGKILL");
  });

describe("kill -9 of the delivery process", () => {
  it("loses nothing and never reorders a profile: duplicates only with the same idempotency key", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "tessera-kill9-"));
    dirs.push(dataDir);
    const rx: Receiver = await startReceiver(3);
    const N = 160;
    const PROFILES = 16;
    const expected: string[] = [];
    {
      const store = await DuckDBStore.open({ dataDir });
      const svc = new ActivationService(store);
      await svc.destinations.put({
        id: "hook",
        kind: "webhook",
        config: { url: rx.url, secrets: [SECRET_A] },
        segments: ["*"],
        concurrency: 8,
      });
      const t0 = Date.now();
      for (let i = 0; i < N; i++) {
        const profile = `p${i % PROFILES}`;
        const change = Math.floor(i / PROFILES) % 2 === 0 ? "entered" : "exited";
        expected.push(`${await recordChange(store, { segment: "s1", profile, change, at: t0 + i })}:hook`);
      }
      await store.close();
    }

    // Kill the worker twice mid-delivery, at different points, then let a third run finish.
    for (const stopAt of [N / 4, N / 2]) {
      const child = spawnWorker(dataDir);
      await waitFor(() => rx.requests.length >= stopAt, 60_000, `${stopAt} deliveries`);
      await killHard(child);
    }
    const last = spawnWorker(dataDir);
    await waitFor(() => new Set(rx.requests.map((r) => r.key)).size >= N, 60_000, "every change delivered");
    await new Promise((r) => setTimeout(r, 300));
    await killHard(last);
    await rx.close();

    const received = new Set(rx.requests.map((r) => r.key));
    expect([...received].sort()).toEqual([...expected].sort());
    // A key seen twice carries the same body each time (same change, same idempotency key).
    const bodyOf = new Map<string, string>();
    for (const r of rx.requests) {
      const { id: _id, ...rest } = r.json;
      const b = JSON.stringify(rest);
      if (bodyOf.has(r.key)) expect(bodyOf.get(r.key)).toBe(b);
      bodyOf.set(r.key, b);
    }
    // Per profile, first arrivals follow the order of the changes; a re-send only ever repeats the latest key.
    for (let p = 0; p < PROFILES; p++) {
      const mine = expected.filter((_, i) => i % PROFILES === p);
      const arrivals = rx.requests.filter((r) => r.json["profile"] === `p${p}`).map((r) => r.key);
      const firsts = arrivals.filter((k, i) => arrivals.indexOf(k) === i);
      expect(firsts).toEqual(mine);
      for (let i = 1; i < arrivals.length; i++) {
        expect(mine.indexOf(arrivals[i]!)).toBeGreaterThanOrEqual(mine.indexOf(arrivals[i - 1]!));
      }
    }
    const store = await DuckDBStore.open({ dataDir, readOnly: true });
    const open = await store.all<{ n: number }>(
      "SELECT count(*) AS n FROM outbox WHERE destination = 'hook' AND status <> 'delivered'",
    );
    const total = await store.all<{ n: number }>("SELECT count(*) AS n FROM outbox WHERE destination = 'hook'");
    await store.close();
    expect(total[0]!.n).toBe(N);
    // The last process was killed too: anything it sent but had not yet committed is still pending (to be re-sent).
    expect(open[0]!.n).toBeLessThanOrEqual(8);
    console.log(`kill -9 test: ${rx.requests.length} requests for ${N} changes (${rx.requests.length - N} re-sends)`);
  });
});
