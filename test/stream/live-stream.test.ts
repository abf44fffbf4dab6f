import { describe, expect, it } from "vitest";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { membersAt, segmentMap } from "../../src/segments/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { LiveStream } from "../../src/stream/index.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const H = 3_600_000;
const iso = (h: number) => new Date(T0 + h * H).toISOString();
let n = 0;
const track = (user: string, event: string, h: number, properties: Record<string, unknown> = {}) =>
  ({ type: "track", userId: user, event, timestamp: iso(h), properties, messageId: `t${++n}` }) as SegmentMessage;

const rec = (id: string, definition: SegmentRecord["definition"], version = 1): SegmentRecord => ({
  id,
  name: id,
  definition,
  refresh: "realtime",
  version,
});

describe("LiveStream on the write path", () => {
  it("writes changes, the change log and the outbox in the ingest transaction; edits hand over without gaps", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const ingestor = await Ingestor.create(store);
      const segments = [
        rec("active", { performed: "Page Viewed", within: "2h" }),
        rec("buyer", { performed: "Order Completed" }),
      ];
      const { live } = await LiveStream.start(store, ingestor, segments);
      await ingestor.ingest(validateAll([track("u1", "Page Viewed", 0), track("u2", "Order Completed", 1)], []), {
        source: "t",
      });
      await ingestor.ingest(validateAll([track("u2", "Ping", 5)], []), { source: "t" });
      const log = await store.all<{
        segment_id: string;
        profile_id: string;
        change: string;
        changed_at: number;
        reason: string;
      }>("SELECT segment_id, profile_id, change, changed_at, reason FROM membership_log ORDER BY seq");
      expect(log.map((r) => [r.segment_id, r.profile_id, r.change, (r.changed_at - T0) / H])).toEqual([
        ["active", "u1", "entered", 0],
        ["buyer", "u2", "entered", 1],
        ["active", "u1", "exited", 2],
      ]);
      expect(log[2]!.reason).toBe('window expired: performed "Page Viewed": count 0 in 2h ≥ 1');
      const outbox = await store.all<{ idempotency_key: string; destination: string; kind: string; status: string }>(
        "SELECT idempotency_key, destination, kind, status FROM outbox ORDER BY seq",
      );
      expect(outbox[1]).toEqual({
        idempotency_key: `buyer:1:u2:entered:${T0 + H}`,
        destination: "*",
        kind: "membership",
        status: "pending",
      });
      const members = await store.all<{ segment_id: string; profile_id: string }>(
        "SELECT segment_id, profile_id FROM memberships ORDER BY segment_id",
      );
      expect(members).toEqual([{ segment_id: "buyer", profile_id: "u2" }]);

      // Edit "buyer" to a new version with a leaf nobody had state for: backfilled from the log, then re-evaluated.
      const edited = [segments[0]!, rec("buyer", { performed: "Page Viewed" }, 2)];
      const changes = await live.updateSegments(edited);
      expect(changes.map((c) => [c.profile, c.change, c.cause, c.version])).toEqual([
        ["u1", "entered", "definition edited", 2],
        ["u2", "exited", "definition edited", 2],
      ]);
      const batch = await membersAt(store, [{ segmentId: "buyer" }], live.evaluator.clock, segmentMap(edited));
      expect(live.evaluator.members("buyer")).toEqual(batch[0]);
      const after = await store.all<{ profile_id: string; version: number }>(
        "SELECT profile_id, version FROM memberships WHERE segment_id = 'buyer'",
      );
      expect(after).toEqual([{ profile_id: "u1", version: 2 }]);
    } finally {
      await store.close();
    }
  });
});

describe("LiveStream with a wall clock", () => {
  it("timer changes fire on tick in their own transaction, and a restarted stream does not write them twice", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const segments = [rec("recent", { performed: "Page Viewed", within: "1h" })];
      const first = await LiveStream.start(store, await Ingestor.create(store), segments, { clock: "wall" });
      await first.live.tick(T0);
      const ingestor = await Ingestor.create(store);
      const { live } = await LiveStream.start(store, ingestor, segments, { clock: "wall" });
      await live.tick(T0);
      // Stamped 10 minutes ahead of the wall clock: held until the clock gets there, then applied at its time.
      await ingestor.ingest(validateAll([track("w1", "Page Viewed", 1 / 6)], []), { source: "t" });
      expect(live.evaluator.members("recent")).toEqual([]);
      const entered = await live.tick(T0 + 30 * 60_000);
      expect(entered.map((c) => [c.change, c.at - T0])).toEqual([["entered", 10 * 60_000]]);
      const exited = await live.tick(T0 + 2 * H);
      expect(exited.map((c) => [c.change, c.at - T0])).toEqual([["exited", H + 10 * 60_000]]);
      // A restart (snapshot + log) re-derives the same state; ticking again must not duplicate the exit.
      await ingestor.ingest(validateAll([track("w2", "Page Viewed", 2.5)], []), { source: "t" });
      const again = await LiveStream.start(store, await Ingestor.create(store), segments, { clock: "wall" });
      expect(again.live.evaluator.members("recent")).toEqual(["w2"]);
      await again.live.tick(T0 + 3 * H);
      const log = await store.all<{ change: string; n: number }>(
        "SELECT change, count(*) AS n FROM membership_log WHERE profile_id = 'w1' GROUP BY change ORDER BY change",
      );
      expect(log).toEqual([
        { change: "entered", n: 1 },
        { change: "exited", n: 1 },
      ]);
    } finally {
      await store.close();
    }
  });

  it("members of a deleted segment leave with it, live and when deleted while the stream was down", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const ingestor = await Ingestor.create(store);
      const keep = rec("buyers", { performed: "Order Completed" });
      const gone = rec("browsers", { performed: "Page Viewed" });
      const later = rec("any-view", { performed: "Page Viewed", within: "30d" });
      const { live } = await LiveStream.start(store, ingestor, [keep, gone, later]);
      await ingestor.ingest(
        validateAll(
          [track("d1", "Page Viewed", 0), track("d2", "Page Viewed", 1), track("d2", "Order Completed", 2)],
          [],
        ),
        { source: "t" },
      );
      const rowsOf = (segment: string) =>
        store.all<{ profile_id: string }>("SELECT profile_id FROM memberships WHERE segment_id = $1", [segment]);
      const exitsOf = (segment: string) =>
        store.all<{ profile_id: string; cause: string; reason: string }>(
          "SELECT profile_id, cause, reason FROM membership_log WHERE segment_id = $1 AND change = 'exited' ORDER BY profile_id",
          [segment],
        );
      expect(await rowsOf("browsers")).toHaveLength(2);

      // Deleted live (the server hands the new list over after DELETE /api/segments/:id).
      const changes = await live.updateSegments([keep, later]);
      expect(changes.map((c) => [c.segment, c.profile, c.change, c.cause])).toEqual([
        ["browsers", "d1", "exited", "definition deleted"],
        ["browsers", "d2", "exited", "definition deleted"],
      ]);
      expect(await rowsOf("browsers")).toEqual([]);
      expect((await exitsOf("browsers"))[0]?.reason).toBe("definition deleted: segment deleted");
      const outbox = await store.all<{ n: number }>(
        "SELECT count(*) AS n FROM outbox WHERE idempotency_key LIKE 'browsers:%:exited:%'",
      );
      expect(Number(outbox[0]?.n)).toBe(2);

      // Deleted while the stream was down: the next start lets its members go.
      await LiveStream.start(store, await Ingestor.create(store), [keep]);
      expect(await rowsOf("any-view")).toEqual([]);
      expect((await exitsOf("any-view")).map((r) => [r.profile_id, r.cause])).toEqual([
        ["d1", "definition deleted"],
        ["d2", "definition deleted"],
      ]);
      expect((await rowsOf("buyers")).map((r) => r.profile_id)).toEqual(["d2"]);
    } finally {
      await store.close();
    }
  });
  it("folds the log into the memberships base on its own once enough changes gathered", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const ingestor = await Ingestor.create(store);
      const { live } = await LiveStream.start(store, ingestor, [rec("buyer", { performed: "Order Completed" })], {
        foldEveryChanges: 3,
      });
      const folded = async () =>
        Number((await store.all<{ s: number }>("SELECT max(applied_seq) AS s FROM membership_fold"))[0]?.s ?? 0);
      const base = () => store.all<{ p: string }>("SELECT profile_id AS p FROM membership_base ORDER BY p");
      expect(await folded()).toBe(0);
      await ingestor.ingest(validateAll([track("a", "Order Completed", 0), track("b", "Order Completed", 1)], []), {
        source: "t",
      });
      // Two changes: below the threshold, nothing is folded; the view reads them from the log.
      await new Promise((r) => setTimeout(r, 30));
      expect(await folded()).toBe(0);
      expect(await base()).toEqual([]);
      expect((await store.all("SELECT profile_id FROM memberships")).length).toBe(2);
      // The third change schedules a fold after its commit, on the side connection.
      await ingestor.ingest(validateAll([track("c", "Order Completed", 2)], []), { source: "t" });
      for (let i = 0; i < 500 && (await folded()) < 3; i++) await new Promise((r) => setTimeout(r, 10));
      expect(await folded()).toBe(3);
      expect((await base()).map((r) => r.p)).toEqual(["a", "b", "c"]);
      expect(live.foldError).toBeNull();
    } finally {
      await store.close();
    }
  });
});
