import { describe, expect, it } from "vitest";
import { DuckDBStore } from "../../src/store/index.js";
import { type MembershipChange, writeChanges } from "../../src/stream/index.js";

const ch = (segment: string, profile: string, change: "entered" | "exited", at: number, version = 1) =>
  ({ segment, version, profile, change, at, reason: `${change} ${at}`, cause: "event arrived" }) as MembershipChange;

/**
 * The live writer against a real DuckDB: the log gets every change (the memberships view shows each batch's net
 * effect per (segment, profile)), and the outbox one row per idempotency key across batches — a key written at the
 * latest instant is found again without reading the outbox.
 */
describe("writeChanges", () => {
  it("applies net effects, keeps every change in the log and one outbox row per key", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const write = (changes: MembershipChange[]) => store.transaction((tx) => writeChanges(store, tx, changes));
      const members = async () =>
        (
          await store.all<{ segment_id: string; profile_id: string; version: number; since: number; reason: string }>(
            "SELECT segment_id, profile_id, version, since, reason FROM memberships ORDER BY 1, 2",
          )
        ).map((r) => [r.segment_id, r.profile_id, Number(r.version), Number(r.since), r.reason]);
      const outboxKeys = async () =>
        (await store.all<{ k: string }>("SELECT idempotency_key AS k FROM outbox ORDER BY seq")).map((r) => r.k);

      await write([ch("a", "p1", "entered", 10), ch("a", "p2", "entered", 10), ch("b", "p1", "entered", 10)]);
      expect(await members()).toEqual([
        ["a", "p1", 1, 10, "entered 10"],
        ["a", "p2", 1, 10, "entered 10"],
        ["b", "p1", 1, 10, "entered 10"],
      ]);

      // Exit; enter-then-exit of a new key (nothing stored); exit-then-enter of an existing row (updated in place);
      // a re-entry at a new version (updated, no unique-key violation).
      await write([
        ch("a", "p1", "exited", 20),
        ch("c", "p3", "entered", 20),
        ch("c", "p3", "exited", 20),
        ch("a", "p2", "exited", 20),
        ch("a", "p2", "entered", 20),
        ch("b", "p1", "entered", 20, 2),
      ]);
      expect(await members()).toEqual([
        ["a", "p2", 1, 20, "entered 20"],
        ["b", "p1", 2, 20, "entered 20"],
      ]);
      const log = await store.all<{ n: number }>("SELECT count(*) AS n FROM membership_log");
      expect(Number(log[0]?.n)).toBe(9);

      // The same changes again in a later batch (an enter/exit/enter at one instant), among them the first one
      // written at that instant: no second outbox row.
      const before = (await outboxKeys()).length;
      await write([ch("a", "p1", "exited", 20), ch("a", "p2", "exited", 20), ch("a", "p2", "entered", 20)]);
      const keys = await outboxKeys();
      expect(keys.length).toBe(before);
      expect(new Set(keys).size).toBe(keys.length);
      expect(await members()).toEqual([
        ["a", "p2", 1, 20, "entered 20"],
        ["b", "p1", 2, 20, "entered 20"],
      ]);
      // Payload text survives the JSON round trip (quotes, newlines, non-ASCII).
      await write([{ ...ch("d", "p'4\"", "entered", 30), reason: 'trait "name" = Zoë\nnext' }]);
      const payload = await store.all<{ payload: string }>("SELECT payload FROM outbox WHERE profile_id = $1", [
        "p'4\"",
      ]);
      expect(JSON.parse(payload[0]!.payload).reason).toBe('trait "name" = Zoë\nnext');
    } finally {
      await store.close();
    }
  });
});
