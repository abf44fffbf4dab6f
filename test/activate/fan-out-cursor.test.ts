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

let svc: ActivationService;
const rows = async () =>
  (await svc.outbox.list()).rows.map((r) => ({ key: r.key, destination: r.destination, status: r.status }));

/**
 * The fan-out reads producer rows after a seq cursor instead of scanning the outbox for pending ones: every change
 * is fanned out exactly once, across workers (the cursor is persisted), and with nobody subscribed the cursor
 * passes the rows unread; the outbox listing shows producer rows behind the cursor as dispatched.
 */
describe("fan-out from a seq cursor", () => {
  it("marks changes nobody takes, fans out each later one once, and resumes in a new worker", async () => {
    const clock = new ManualClock(T0);
    svc = new ActivationService(store, clock.now);
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
    // A new worker starts at the persisted cursor and fans c out; the first one, its cursor still before c, then
    // meets c again next to d (whose row comes after c's copy): c's copy is found, d gets one.
    const second = svc.createWorker();
    await second.drain();
    clock.advance(1000);
    const d = await change("d");
    await first.drain();
    await second.drain();
    const copies = (await rows()).filter((r) => r.destination === "export").map((r) => r.key);
    expect(copies).toEqual([`${c}:export`, `${d}:export`]);
    expect((await rows()).filter((r) => r.destination === "*").every((r) => r.status === "dispatched")).toBe(true);
  });

  it("starts an outbox written before the cursor existed after its last row marked dispatched", async () => {
    const clock = new ManualClock(T0);
    svc = new ActivationService(store, clock.now);
    await svc.destinations.put({ id: "export", kind: "file", config: { dir, format: "ndjson" }, segments: ["s"] });
    const keys: string[] = [];
    for (const p of ["a", "b", "c"])
      keys.push(await recordChange(store, { segment: "s", profile: p, change: "entered", at: T0 }, T0));
    // As the status-marking fan-out left it: the first two producer rows dispatched, the third still pending.
    await store.run("UPDATE outbox SET status = 'dispatched' WHERE destination = '*' AND profile_id IN ('a', 'b')");
    await svc.createWorker().drain();
    expect((await rows()).filter((r) => r.destination === "export").map((r) => r.key)).toEqual([`${keys[2]}:export`]);
  });
});
