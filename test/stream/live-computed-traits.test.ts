import { describe, expect, it } from "vitest";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { LiveStream } from "../../src/stream/index.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const identify = (user: string, n: number) =>
  ({
    type: "identify",
    userId: user,
    traits: { plan: "pro" },
    timestamp: new Date(T0 + n * 1000).toISOString(),
    messageId: `i${user}${n}`,
  }) as SegmentMessage;
const risky: SegmentRecord = {
  id: "risky",
  name: "risky",
  definition: { trait: "$churn.risk", op: "gt", value: 0.5 },
  refresh: "realtime",
  version: 1,
};
/** As the intel engine's trait writer does: one row per (profile, name), replaced on each refresh. */
const writeRisk = async (store: DuckDBStore, profile: string, risk: number, at: number) => {
  await store.run("DELETE FROM computed_traits WHERE profile_id = $1 AND name = 'churn'", [profile]);
  await store.run("INSERT INTO computed_traits VALUES ($1, 'churn', $2, 1, $3)", [
    profile,
    JSON.stringify({ risk }),
    at,
  ]);
};

/**
 * Computed traits (`$name`) are not in the event log: the live stream seeds their latest values when it starts and
 * applies the changes an intel refresh reports, so a realtime segment on `$churn.risk` is right without a batch run.
 */
describe("LiveStream and computed traits", () => {
  it("seeds at start, follows reported changes, and adds nothing on restart", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const ingestor = await Ingestor.create(store);
      await ingestor.ingest(validateAll([identify("u1", 1), identify("u2", 2), identify("u3", 3)], []), {
        source: "t",
      });
      await writeRisk(store, "u1", 0.9, T0);
      await writeRisk(store, "u2", 0.2, T0);
      await writeRisk(store, "u3", 0.1, T0);
      const members = async () =>
        (
          await store.all<{ profile_id: string }>(
            "SELECT profile_id FROM memberships WHERE segment_id = 'risky' ORDER BY profile_id",
          )
        ).map((r) => r.profile_id);
      const log = () =>
        store.all<{ profile_id: string; change: string; cause: string }>(
          "SELECT profile_id, change, cause FROM membership_log WHERE segment_id = 'risky' ORDER BY seq",
        );

      const { live } = await LiveStream.start(store, ingestor, [risky]);
      expect(await members()).toEqual(["u1"]);
      // First start: the segment is new to the stream, so its seeded members come in as part of its backfill.
      expect(await log()).toEqual([{ profile_id: "u1", change: "entered", cause: "definition edited" }]);

      // An intel refresh moved u2 up and u1 down; only what it reports is re-read.
      await writeRisk(store, "u2", 0.7, T0 + 2000);
      await writeRisk(store, "u1", 0.3, T0 + 2000);
      const changes = await live.computedTraitsChanged(["u1", "u2"]);
      expect(changes.map((c) => [c.profile, c.change])).toEqual(
        expect.arrayContaining([
          ["u1", "exited"],
          ["u2", "entered"],
        ]),
      );
      expect(await members()).toEqual(["u2"]);
      expect((await log()).slice(1).map((r) => r.cause)).toEqual(["trait changed", "trait changed"]);

      // A restart (snapshot + log replay + seeding) writes nothing new.
      const before = (await log()).length;
      await LiveStream.start(store, ingestor, [risky]);
      expect(await members()).toEqual(["u2"]);
      expect((await log()).length).toBe(before);

      // A refresh that drops a profile's row (it left the model) removes the trait: missing, as in SQL.
      await store.run("DELETE FROM computed_traits WHERE profile_id = 'u2'");
      const dropped = await live.computedTraitsChanged(["u2"]);
      expect(dropped.map((c) => [c.profile, c.change, c.cause])).toEqual([["u2", "exited", "trait changed"]]);
      expect(await members()).toEqual([]);

      // A rewrite of every row of a name (as cluster runs and sentiment refreshes do) re-reads all its holders.
      await writeRisk(store, "u3", 0.8, T0 + 3000);
      const rewritten = await live.computedTraitsRewritten(["churn"]);
      expect(rewritten.map((c) => [c.profile, c.change])).toEqual([["u3", "entered"]]);
      await store.run("DELETE FROM computed_traits WHERE name = 'churn'");
      expect((await live.computedTraitsRewritten(["churn"])).map((c) => [c.profile, c.change])).toEqual([
        ["u3", "exited"],
      ]);

      // Live trait changes after the last snapshot are in the stored memberships, not in the restored state: the
      // restart reconciles them with the table (here the restart's snapshot holds no churn value at all; u1 enters
      // live, its row goes while the server is down: seeding changes nothing, only reconciling finds the stale row).
      await LiveStream.start(store, ingestor, [risky]);
      await writeRisk(store, "u1", 0.95, T0 + 4000);
      await live.computedTraitsChanged(["u1"]);
      expect(await members()).toEqual(["u1"]);
      await store.run("DELETE FROM computed_traits WHERE name = 'churn'");
      await LiveStream.start(store, ingestor, [risky]);
      expect(await members()).toEqual([]);
      expect((await log()).at(-1)).toEqual({ profile_id: "u1", change: "exited", cause: "trait changed" });
    } finally {
      await store.close();
    }
  });
});
