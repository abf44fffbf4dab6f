import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { DuckDBStore } from "../../src/store/index.js";

const root = resolve(import.meta.dirname, "..", "..");
const T0 = Date.parse("2024-03-01T00:00:00Z");
const MIN = 60_000;

/** A deterministic pseudo-random stream: 60 people, three events, traits, mild disorder. */
function load(): SegmentMessage[] {
  let x = 12345;
  const rnd = (n: number): number => {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    return (x >>> 8) % n;
  };
  const out: SegmentMessage[] = [];
  for (let i = 0; i < 1200; i++) {
    const user = `u${rnd(60)}`;
    const ts = new Date(T0 + i * 3 * MIN - rnd(40) * MIN).toISOString();
    const r = rnd(10);
    const messageId = `c${i}`;
    if (r === 0)
      out.push({
        type: "identify",
        userId: user,
        messageId,
        timestamp: ts,
        traits: { plan: ["free", "pro"][rnd(2)], score: rnd(100) },
      } as SegmentMessage);
    else
      out.push({
        type: "track",
        userId: user,
        messageId,
        timestamp: ts,
        event: ["A", "B", "C"][rnd(3)]!,
        properties: { x: rnd(5) },
      } as SegmentMessage);
  }
  return out;
}

const rec = (id: string, definition: SegmentRecord["definition"], parent?: string): SegmentRecord => ({
  id,
  name: id,
  definition,
  refresh: "realtime",
  version: 1,
  ...(parent ? { parent } : {}),
});
const SEGMENTS: SegmentRecord[] = [
  rec("recent-a", { performed: "A", within: "30m" }),
  rec("busy", { performed: "B", within: "2h", count: { op: "gte", value: 3 } }),
  rec("sum-x", { performed: "C", within: "3h", agg: { fn: "sum", property: "x", op: "gte", value: 6 } }),
  rec("abandon", { did: "A", thenNot: "B", for: "45m", within: "4h" }),
  rec("funnel", { sequence: ["A", "B", "C"], within: "1h", lookback: "3h" }),
  rec("pro-active", { all: [{ trait: "plan", op: "eq", value: "pro" }, { inSegment: "recent-a" }] }),
  rec("lapsed", { last: "C", olderThan: "2h" }, "busy"),
];

function runWorker(
  dir: string,
  files: { msgs: string; segs: string },
): { child: ChildProcess; done: Promise<number>; stderr: () => string } {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", join(root, "test/stream/live-worker.ts"), dir, files.msgs, files.segs],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  let err = "";
  child.stderr!.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const done = new Promise<number>((res) => child.on("close", (code, signal) => res(signal ? -1 : (code ?? -1))));
  return { child, done, stderr: () => err };
}

async function dump(dir: string): Promise<{ log: string[]; members: string[]; outbox: number; keys: number }> {
  const store = await DuckDBStore.open({ dataDir: dir, readOnly: true });
  try {
    const log = await store.all<Record<string, unknown>>(
      "SELECT segment_id, version, profile_id, change, changed_at, reason, cause FROM membership_log",
    );
    const members = await store.all<Record<string, unknown>>(
      "SELECT segment_id, profile_id, version, since, reason FROM memberships",
    );
    const ob = await store.all<{ n: number; k: number }>(
      "SELECT count(*) AS n, count(DISTINCT idempotency_key) AS k FROM outbox",
    );
    return {
      log: log.map((r) => JSON.stringify(r)).sort(),
      members: members.map((r) => JSON.stringify(r)).sort(),
      outbox: ob[0]!.n,
      keys: ob[0]!.k,
    };
  } finally {
    await store.close();
  }
}

describe("kill -9 during live ingestion", () => {
  it("after restart, memberships and the change log equal an uninterrupted run (nothing lost or doubled)", async () => {
    const work = mkdtempSync(join(tmpdir(), "tessera-crash-"));
    const files = { msgs: join(work, "messages.json"), segs: join(work, "segments.json") };
    const messages = load();
    writeFileSync(files.msgs, JSON.stringify(messages));
    writeFileSync(files.segs, JSON.stringify(SEGMENTS));

    const reference = runWorker(join(work, "ref"), files);
    const refCode = await reference.done;
    if (refCode !== 0) console.log(reference.stderr());
    expect(refCode).toBe(0);

    const crashed = runWorker(join(work, "crash"), files);
    await new Promise<void>((res) => {
      let buf = "";
      crashed.child.stdout!.on("data", (d: Buffer) => {
        buf += d.toString();
        const acked = [...buf.matchAll(/acked (\d+)/g)].map((m) => Number(m[1]));
        if ((acked[acked.length - 1] ?? 0) > messages.length * 0.45) {
          crashed.child.kill("SIGKILL");
          res();
        }
      });
    });
    expect(await crashed.done).toBe(-1);
    const restarted = runWorker(join(work, "crash"), files);
    let out = "";
    restarted.child.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
    });
    const reCode = await restarted.done;
    if (reCode !== 0) console.log(restarted.stderr());
    expect(reCode).toBe(0);
    expect(out).toMatch(/recovered \{"snapshotSeq":\d+,"replayed":\d+/);

    const a = await dump(join(work, "ref"));
    const b = await dump(join(work, "crash"));
    expect(a.log.length).toBeGreaterThan(150);
    expect(b.outbox).toBe(b.keys);
    expect(b.log).toEqual(a.log);
    expect(b.members).toEqual(a.members);
    expect(b.outbox).toBe(a.outbox);
  }, 120_000);
});
