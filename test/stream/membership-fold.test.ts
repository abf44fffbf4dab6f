import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DB_FILE, DuckDBStore, foldMemberships, MIGRATIONS } from "../../src/store/index.js";
import { type MembershipChange, writeChanges } from "../../src/stream/index.js";

type Member = [segment: string, profile: string, version: number, since: number, reason: string];

const members = async (store: DuckDBStore, table = "memberships"): Promise<Member[]> =>
  (
    await store.all<{ segment_id: string; profile_id: string; version: number; since: number; reason: string }>(
      `SELECT segment_id, profile_id, version, since, reason FROM ${table} ORDER BY 1, 2`,
    )
  ).map((r) => [r.segment_id, r.profile_id, Number(r.version), Number(r.since), r.reason]);

/**
 * The live path appends changes to the log only; the memberships view (folded base ⊕ log tail) must equal "the
 * last change per (segment, profile) is an entry" after every commit, whether or not and whenever the tail was
 * folded, and folding must never change what the view shows.
 */
describe("memberships view over the folded base and the log tail", () => {
  it("equals the last change per pair at every commit, folded or not (property)", async () => {
    const change = fc.record({
      segment: fc.constantFrom("a", "b"),
      profile: fc.constantFrom("p1", "p2", "p3"),
      change: fc.constantFrom("entered" as const, "exited" as const),
      version: fc.integer({ min: 1, max: 2 }),
    });
    const commit = fc.record({ changes: fc.array(change, { maxLength: 6 }), fold: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(commit, { minLength: 1, maxLength: 8 }), async (commits) => {
        const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
        try {
          const model = new Map<string, Member>();
          let at = 0;
          for (const c of commits) {
            at += 10;
            const list = c.changes.map(
              (x, i): MembershipChange => ({
                ...x,
                at,
                reason: `${x.change} ${at}.${i}`,
                cause: "event arrived",
              }),
            );
            await store.transaction((tx) => writeChanges(store, tx, list));
            for (const x of list) {
              const k = `${x.segment}\u0000${x.profile}`;
              if (x.change === "entered") model.set(k, [x.segment, x.profile, x.version, x.at, x.reason]);
              else model.delete(k);
            }
            const want = [...model.values()].sort((p, q) => (p[0] + p[1] < q[0] + q[1] ? -1 : 1));
            expect(await members(store)).toEqual(want);
            if (c.fold) {
              await store.transaction((tx) => foldMemberships(tx));
              expect(await members(store)).toEqual(want);
              expect(await members(store, "membership_base")).toEqual(want);
            }
          }
        } finally {
          await store.close();
        }
      }),
      { numRuns: 40, seed: 5 },
    );
  });

  it("folds on a side connection while commits go on; erasure waits for a fold and holds the next one", async () => {
    const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
    try {
      const ch = (profile: string, change: "entered" | "exited", at: number): MembershipChange => ({
        segment: "s",
        version: 1,
        profile,
        change,
        at,
        reason: change,
        cause: "event arrived",
      });
      await store.transaction((tx) => writeChanges(store, tx, [ch("p1", "entered", 1), ch("p2", "entered", 1)]));
      let release!: () => void;
      const held = new Promise<void>((r) => {
        release = r;
      });
      const order: string[] = [];
      // A fold that has read the tail and not committed yet.
      const fold = store.sideTransaction(async (tx) => {
        const n = await foldMemberships(tx);
        await held;
        order.push("fold");
        return n;
      });
      await new Promise((r) => setTimeout(r, 20));
      // The writer commits meanwhile: the side transaction does not hold it.
      await store.transaction((tx) => writeChanges(store, tx, [ch("p3", "entered", 2)]));
      order.push("commit");
      const erase = store.withoutSideTransactions(async () => {
        order.push("erase");
        await store.transaction(async (tx) => {
          await tx.run("DELETE FROM membership_base WHERE profile_id = 'p1'");
          await tx.run("DELETE FROM membership_log WHERE profile_id = 'p1'");
        });
      });
      const after = store.sideTransaction((tx) => foldMemberships(tx));
      await new Promise((r) => setTimeout(r, 20));
      expect(order).toEqual(["commit"]);
      release();
      expect(await fold).toBe(2);
      await erase;
      expect(await after).toBe(1);
      expect(order).toEqual(["commit", "fold", "erase"]);
      // The erased person's folded row did not come back; the commit made during the fold is folded too.
      expect(await members(store, "membership_base")).toEqual([
        ["s", "p2", 1, 1, "entered"],
        ["s", "p3", 1, 2, "entered"],
      ]);
      expect(await members(store)).toEqual(await members(store, "membership_base"));
    } finally {
      await store.close();
    }
  });

  it("after a restart hands out no seq a reader already passed, even when erasure removed the last rows", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tessera-seqs-"));
    try {
      let store = await DuckDBStore.open({ dataDir: dir });
      const ch = (profile: string, at: number): MembershipChange => ({
        segment: "s",
        version: 1,
        profile,
        change: "entered",
        at,
        reason: "r",
        cause: "event arrived",
      });
      await store.transaction((tx) => writeChanges(store, tx, [ch("p1", 1), ch("p2", 2)]));
      await store.transaction((tx) => foldMemberships(tx));
      await store.run("INSERT INTO activation_cursors VALUES ('outbox.fanout', 2)");
      // The rows with the greatest seqs go (an erasure), after the fold and the fan-out passed them.
      await store.transaction(async (tx) => {
        await tx.run("DELETE FROM membership_log WHERE profile_id = 'p2'");
        await tx.run("DELETE FROM outbox WHERE profile_id = 'p2'");
      });
      await store.close();
      store = await DuckDBStore.open({ dataDir: dir });
      try {
        expect(await store.nextSeq("membership_log")).toBe(3);
        expect(await store.nextSeq("outbox")).toBe(3);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("upgrades a data directory whose memberships were a table: same members, then follows the log", async () => {
    const dir = mkdtempSync(join(tmpdir(), "tessera-fold-"));
    try {
      // The layout as released before this migration: migrations 1 and 6 only, with members and their log.
      const db = await DuckDBInstance.create(join(dir, DB_FILE));
      const c = await db.connect();
      await c.run("CREATE TABLE schema_migrations (version INTEGER, name VARCHAR, applied_at BIGINT)");
      for (const m of MIGRATIONS.filter((x) => x.version !== 5)) {
        for (const s of m.statements) await c.run(s);
        await c.run(`INSERT INTO schema_migrations VALUES (${m.version}, '${m.name}', 0)`);
      }
      await c.run("INSERT INTO membership_log VALUES (1, 's', 1, 'p1', 'entered', 5, 'old', 'test')");
      await c.run("INSERT INTO membership_log VALUES (2, 's', 1, 'p2', 'entered', 6, 'old', 'test')");
      await c.run("INSERT INTO memberships VALUES ('s', 'p1', 1, 5, 'old'), ('s', 'p2', 1, 6, 'old')");
      c.closeSync();
      db.closeSync();

      const store = await DuckDBStore.open({ dataDir: dir });
      try {
        expect(await members(store)).toEqual([
          ["s", "p1", 1, 5, "old"],
          ["s", "p2", 1, 6, "old"],
        ]);
        const exit: MembershipChange = {
          segment: "s",
          version: 1,
          profile: "p1",
          change: "exited",
          at: 9,
          reason: "gone",
          cause: "event arrived",
        };
        await store.transaction((tx) => writeChanges(store, tx, [exit]));
        expect(await members(store)).toEqual([["s", "p2", 1, 6, "old"]]);
        expect(await store.transaction((tx) => foldMemberships(tx))).toBe(1);
        expect(await members(store, "membership_base")).toEqual([["s", "p2", 1, 6, "old"]]);
      } finally {
        await store.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
