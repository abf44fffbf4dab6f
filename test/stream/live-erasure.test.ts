import { describe, expect, it } from "vitest";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { ProfileService } from "../../src/profiles/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { LiveStream } from "../../src/stream/index.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const H = 3_600_000;
const track = (user: string, h: number, n: number) =>
  ({
    type: "track",
    userId: user,
    event: "Page Viewed",
    timestamp: new Date(T0 + h * H).toISOString(),
    properties: {},
    messageId: `m${n}`,
  }) as SegmentMessage;
const identify = (user: string, n: number) =>
  ({
    type: "identify",
    userId: user,
    traits: { email: `${user}@example.com` },
    timestamp: new Date(T0).toISOString(),
    messageId: `i${n}`,
  }) as SegmentMessage;
const active: SegmentRecord = {
  id: "active",
  name: "active",
  definition: { performed: "Page Viewed", within: "2h" },
  refresh: "realtime",
  version: 1,
};

/**
 * An erased person leaves the live evaluator inside the erasing transaction: no timer writes a change about them
 * afterwards, the stream snapshot no longer holds their id or traits, and a restart does not bring them back.
 */
describe("LiveStream and erasure", () => {
  it("forgets an erased person in memory and on disk, and never writes about them again", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const ingestor = await Ingestor.create(store);
      const { live } = await LiveStream.start(store, ingestor, [active]);
      await ingestor.ingest(
        validateAll([identify("gone", 1), identify("kept", 2), track("gone", 0, 3), track("kept", 0, 4)], []),
        { source: "t" },
      );
      await live.snapshotNow();
      const rowsAbout = async (id: string) =>
        Number(
          (
            await store.all<{ n: number }>(
              `SELECT (SELECT count(*) FROM membership_log WHERE profile_id = $1)
                    + (SELECT count(*) FROM memberships WHERE profile_id = $1)
                    + (SELECT count(*) FROM outbox WHERE profile_id = $1) AS n`,
              [id],
            )
          )[0]?.n,
        );
      const snapshotText = async () =>
        (await store.all<{ data: string }>("SELECT data FROM snapshots WHERE name = 'stream'"))[0]?.data ?? "";
      expect(await rowsAbout("gone")).toBeGreaterThan(0);
      expect(await snapshotText()).toContain("gone@example.com");

      const profiles = new ProfileService(store);
      const erased = await profiles.erase("gone", "test", (tx, pid) => live.profileErased(tx, pid));
      live.erasureCommitted();
      expect(erased.profile).toBe("gone");
      expect(await rowsAbout("gone")).toBe(0);
      expect(live.evaluator.profiles.has("gone")).toBe(false);
      const snap = await snapshotText();
      expect(snap).not.toContain("gone@example.com");
      expect(snap).not.toContain('"gone"');

      // The 2h window ends: only the kept profile exits; nothing is written about the erased one.
      const changes = await live.tick(T0 + 3 * H);
      expect(changes.map((c) => [c.profile, c.change])).toEqual([["kept", "exited"]]);
      expect(await rowsAbout("gone")).toBe(0);

      // A restart recovers from the scrubbed snapshot and the log (their events are gone too).
      const again = await LiveStream.start(store, ingestor, [active]);
      expect(again.live.evaluator.profiles.has("gone")).toBe(false);
      expect(again.live.evaluator.profiles.has("kept")).toBe(true);
      expect(await rowsAbout("gone")).toBe(0);
    } finally {
      await store.close();
    }
  });
});
