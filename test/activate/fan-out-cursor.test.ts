import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService, ManualClock } from "../../src/activate/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { recordChange } from "./activation-helpers.js";

let store: DuckDBStore;
let dir: string;
const T0 = Date.parse("2024-03-01T00:00:00Z");

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null });
  dir = mkdtempSync(join(tmpdir(), "tessera-fanout-"));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const rows = () =>
  store.all<{ key: string; destination: string; status: string }>(
    "SELECT idempotency_key AS key, destination, status FROM outbox ORDER BY seq",
  );

/**
 * The fan-out reads producer rows after a seq cursor instead of scanning the outbox for pending ones: every change
 * is fanned out exactly once, across workers (a new one starts from the oldest pending row), and with nobody
 * subscribed the rows are only marked.
 */
describe("fan-out from a seq cursor", () => {
  it("marks changes nobody takes, fans out each later one once, and resumes in a new worker", async () => {
    const clock = new ManualClock(T0);
    const svc = new ActivationService(store, clock.now);
    const change = (profile: string) =>
      recordChange(store, { segment: "s", profile, change: "entered", at: clock.now() }, clock.now());

    const first = svc.createWorker();
    await change("a");
    await change("b");
    await first.drain();
    expect(await rows()).toEqual([
      { key: expect.stringContaining(":a:"), destination: "*", status: "dispatched" },
      { key: expect.stringContaining(":b:"), destination: "*", status: "dispatched" },
    ]);

    await svc.destinations.put({ id: "export", kind: "file", config: { dir, format: "ndjson" }, segments: ["s"] });
    clock.advance(1000);
    const c = await change("c");
    await first.drain();
    // Written while no worker runs: a new worker's cursor starts at the oldest pending producer row.
    clock.advance(1000);
    const d = await change("d");
    const second = svc.createWorker();
    await second.drain();
    await first.drain();
    const copies = (await rows()).filter((r) => r.destination === "export").map((r) => r.key);
    expect(copies).toEqual([`${c}:export`, `${d}:export`]);
    expect((await rows()).filter((r) => r.destination === "*").every((r) => r.status === "dispatched")).toBe(true);
  });
});
