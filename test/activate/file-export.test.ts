import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService, ManualClock } from "../../src/activate/index.js";
import { DuckDBStore, foldMemberships } from "../../src/store/index.js";
import { recordChange } from "./activation-helpers.js";

let store: DuckDBStore;
let dir: string;
const T0 = Date.parse("2024-03-01T00:00:00Z");

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null });
  dir = mkdtempSync(join(tmpdir(), "tessera-export-"));
});
afterEach(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("file export: deltas and full snapshots on a schedule", () => {
  for (const format of ["csv", "ndjson", "parquet"] as const) {
    it(`writes ${format} deltas in change order and a snapshot of what the destination holds`, async () => {
      const clock = new ManualClock(T0);
      const svc = new ActivationService(store, clock.now);
      await svc.destinations.put({
        id: "export",
        kind: "file",
        config: { dir, format, everyMs: 60_000 },
        segments: ["s"],
      });
      const worker = svc.createWorker();
      for (const p of ["a", "b", "c"]) {
        await recordChange(store, { segment: "s", profile: p, change: "entered", at: clock.now() }, clock.now());
      }
      await worker.drain();
      clock.advance(1000);
      await recordChange(store, { segment: "s", profile: "b", change: "exited", at: clock.now() }, clock.now());
      await worker.drain();
      // Not due yet: the schedule holds the second round back.
      expect(readdirSync(dir).filter((f) => f.startsWith("deltas-"))).toHaveLength(1);
      clock.advance(60_000);
      await worker.drain();
      const files = readdirSync(dir).sort();
      const deltas = files.filter((f) => f.startsWith("deltas-"));
      const snaps = files.filter((f) => f.startsWith("snapshot-"));
      expect(deltas).toHaveLength(2);
      expect(snaps).toHaveLength(2);
      expect(files.every((f) => f.endsWith(`.${format}`))).toBe(true);
      const read = (f: string) =>
        store.all<Record<string, unknown>>(
          format === "parquet"
            ? `SELECT * FROM read_parquet('${join(dir, f)}')`
            : format === "csv"
              ? `SELECT * FROM read_csv('${join(dir, f)}', header = true)`
              : `SELECT * FROM read_json('${join(dir, f)}', format = 'newline_delimited')`,
        );
      const d1 = await read(deltas[0]!);
      expect(d1.map((r) => [r["profile_id"], r["change"]])).toEqual([
        ["a", "entered"],
        ["b", "entered"],
        ["c", "entered"],
      ]);
      const d2 = await read(deltas[1]!);
      expect(d2.map((r) => [r["profile_id"], r["change"], r["segment_id"]])).toEqual([["b", "exited", "s"]]);
      const last = await read(snaps[snaps.length - 1]!);
      expect(last.map((r) => r["profile_id"])).toEqual(["a", "c"]);
      if (format === "ndjson") {
        const lines = readFileSync(join(dir, deltas[0]!), "utf8").trim().split("\n");
        expect(lines).toHaveLength(3);
        expect(JSON.parse(lines[0]!)).toMatchObject({ profile_id: "a", change: "entered" });
      }
      await worker.stop();
    });
  }

  it("re-sync recomputes the difference against what the destination acknowledged", async () => {
    const clock = new ManualClock(T0);
    const svc = new ActivationService(store, clock.now);
    await svc.destinations.put({ id: "export", kind: "file", config: { dir, everyMs: 10 }, segments: ["s"] });
    const worker = svc.createWorker();
    for (const p of ["a", "b", "d"]) {
      await recordChange(store, { segment: "s", profile: p, change: "entered", at: clock.now() }, clock.now());
    }
    await worker.drain();
    // Membership moves without the destination hearing about it (e.g. it was disabled, or its data was lost).
    await store.transaction(async (tx) => {
      await foldMemberships(tx);
      await tx.run("DELETE FROM membership_base WHERE profile_id = 'd'");
      await tx.run("INSERT INTO membership_base VALUES ('s', 'c', 1, $1, 'backfill')", [T0]);
    });
    clock.advance(1000);
    const r = await svc.resync("export");
    expect(r).toMatchObject({ desired: 3, held: 3, entered: 1, exited: 1 });
    await worker.drain();
    const held = await store.all<{ profile_id: string }>(
      "SELECT profile_id FROM sync_state WHERE destination_id = 'export' ORDER BY profile_id",
    );
    expect(held.map((h) => h.profile_id)).toEqual(["a", "b", "c"]);
    const again = await svc.resync("export");
    expect(again).toMatchObject({ entered: 0, exited: 0 });
    const full = await svc.resync("export", true);
    expect(full).toMatchObject({ entered: 3, exited: 0 });
    await worker.stop();
  });
});
