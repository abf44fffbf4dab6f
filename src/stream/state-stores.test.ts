import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Condition, SegmentRecord } from "../model/index.js";
import type { MembershipChange } from "./membership-change.js";
import { isStateful, type StatefulLeaf } from "./operators/operator.js";
import { walk } from "./plan.js";
import { StreamEvaluator } from "./stream-evaluator.js";
import type { StreamEvent } from "./stream-event.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const H = 3_600_000;

/** One segment per store kind: latest/earliest columns, count and aggregate rings, totals, sequences, traits. */
const DEFS: Condition[] = [
  { performed: "A", within: "2h" },
  { not: { performed: "B", within: "3h" } },
  { performed: "A", within: "5h", count: { op: "gte", value: 2 } },
  { performed: "B", within: "6h", agg: { fn: "sum", property: "v", op: "gte", value: 5 } },
  { performed: "B", within: "6h", agg: { fn: "distinct", property: "k", op: "gte", value: 2 } },
  { performed: "A", agg: { fn: "max", property: "v", op: "gt", value: 3 } },
  { performed: "B", count: { op: "gte", value: 3 } },
  { first: "A", within: "4h" },
  { last: "B", olderThan: "1h", within: "8h" },
  { did: "A", thenNot: "B", for: "1h", within: "6h" },
  { sequence: ["A", "B", "A"], within: "3h", lookback: "10h" },
  {
    all: [
      { trait: "tier", op: "eq", value: "gold" },
      { performed: "A", within: "2h" },
    ],
  },
];
const SEGMENTS: SegmentRecord[] = DEFS.map((definition, i) => ({
  id: `s${i}`,
  name: `s${i}`,
  definition,
  refresh: "realtime",
  version: 1,
}));

const eventArb = fc.record({
  profile: fc.constantFrom("p1", "p2", "p3"),
  kind: fc.constantFrom("A", "B", "identify"),
  dt: fc.integer({ min: -30, max: 90 }),
  v: fc.integer({ min: 0, max: 6 }),
  k: fc.constantFrom("x", "y", "z"),
});

type Spec = { profile: string; kind: string; dt: number; v: number; k: string };

function events(specs: Spec[]): StreamEvent[] {
  let at = T0;
  return specs.map((s, i) => {
    at += s.dt * 60_000;
    const base = { seq: i + 1, ts: at, profileId: s.profile, messageId: `m${i}`, traits: null, properties: null };
    if (s.kind === "identify") {
      return { ...base, type: "identify", event: null, traits: { tier: s.v % 2 ? "gold" : "free" } };
    }
    return { ...base, type: "track", event: s.kind, properties: { v: s.v, k: s.k } };
  });
}

/** Changes in a comparable form; simultaneous timers of different profiles may fire in either order. */
const plain = (cs: MembershipChange[]) =>
  cs.map((c) => JSON.stringify([c.at, c.profile, c.segment, c.change, c.reason, c.cause])).sort();

describe("state snapshots", () => {
  it("restoring a JSON round trip of the state continues exactly like the uninterrupted evaluator", () => {
    fc.assert(
      fc.property(fc.array(eventArb, { minLength: 1, maxLength: 60 }), fc.nat(), (specs, cut) => {
        const evs = events(specs);
        const k = cut % (evs.length + 1);
        const whole = new StreamEvaluator(SEGMENTS);
        const head = new StreamEvaluator(SEGMENTS);
        for (const e of evs.slice(0, k)) {
          whole.applyEvent(e);
          head.applyEvent(e);
        }
        const snap = JSON.parse(JSON.stringify(head.snapshot(k)));
        const resumed = new StreamEvaluator(SEGMENTS);
        expect(resumed.restore(snap)).toEqual([]);
        const end = (evs.at(-1)?.ts ?? T0) + 24 * H;
        const a = [...evs.slice(k).flatMap((e) => whole.applyEvent(e)), ...whole.advanceTo(end)];
        const b = [...evs.slice(k).flatMap((e) => resumed.applyEvent(e)), ...resumed.advanceTo(end)];
        expect(plain(b)).toEqual(plain(a));
        expect(resumed.sizes()).toEqual(whole.sizes());
        expect(resumed.snapshot(0)).toEqual(whole.snapshot(0));
      }),
      { numRuns: 150 },
    );
  });

  it("names states by store content, so leaves asking for the same evidence share one", () => {
    const ev = new StreamEvaluator(SEGMENTS);
    ev.applyEvent(events([{ profile: "p1", kind: "A", dt: 0, v: 1, k: "x" }])[0]!);
    const keys = ev.snapshot(1).profiles[0]!.s!.map(([key]) => key);
    // performed A within 2h (twice), first A, did A … and the sequence: latest A, earliest A, rings, totals.
    expect(keys).toEqual([
      'latest ["A",[]]',
      'ring ["A",[]] 18000000 3  false',
      'totals ["A",[]] -Infinity Infinity v false',
      'earliest ["A",[]]',
      'sequence ["A","B","A"] 36000000',
    ]);
  });
});

describe("store timers", () => {
  it("a store's wake-up is the earliest of the wake-ups of the leaves that read it", () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 40 * H }),
        (specs, dt) => {
          const ev = new StreamEvaluator(SEGMENTS);
          const evs = events(specs);
          for (const e of evs) ev.applyEvent(e);
          const leaves: StatefulLeaf[] = [];
          for (const seg of ev.plan.segments) walk(seg.root, (n) => isStateful(n) && leaves.push(n));
          const t = evs[0]!.ts + dt;
          for (const profile of ev.profiles.values()) {
            const ctx = { profile, t, epoch: -2, member: () => false, threshold: () => undefined };
            for (const store of ev.plan.stores) {
              const own = leaves.filter((l) => l.stores[0] === store).map((l) => l.wake(ctx));
              expect(store.wake(profile.num, t)).toBe(Math.min(...own));
            }
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe("timed-store mask", () => {
  it("stores past the 31st share the last mask bit and still fire their timers at the exact instant", () => {
    const segs: SegmentRecord[] = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      name: `e${i}`,
      definition: { performed: `E${i}`, within: `${i + 1}h` },
      refresh: "realtime",
      version: 1,
    }));
    const ev = new StreamEvaluator(segs);
    expect(ev.plan.timedStores).toHaveLength(40);
    for (const i of [3, 31, 35, 39]) {
      const e: StreamEvent = {
        seq: i,
        ts: T0,
        profileId: "u",
        type: "track",
        event: `E${i}`,
        properties: null,
        traits: null,
      };
      expect(ev.applyEvent(e).map((c) => c.segment)).toEqual([`e${i}`]);
    }
    const exits = ev.advanceTo(T0 + 50 * H).map((c) => [c.segment, (c.at - T0) / H]);
    expect(exits).toEqual([
      ["e3", 4],
      ["e31", 32],
      ["e35", 36],
      ["e39", 40],
    ]);
  });
});
