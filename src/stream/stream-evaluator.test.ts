import { describe, expect, it } from "vitest";
import type { Condition, SegmentRecord } from "../model/index.js";
import { StreamEvaluator } from "./stream-evaluator.js";
import type { StreamEvent } from "./stream-event.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const MIN = 60_000;
const H = 60 * MIN;
const D = 24 * H;
let seq = 0;

const seg = (id: string, definition: Condition, extra: Partial<SegmentRecord> = {}): SegmentRecord => ({
  id,
  name: id,
  definition,
  refresh: "realtime",
  version: 1,
  ...extra,
});
const track = (profile: string, event: string, at: number, properties: Record<string, unknown> = {}): StreamEvent => ({
  seq: ++seq,
  ts: T0 + at,
  profileId: profile,
  type: "track",
  event,
  messageId: `m${seq}`,
  properties,
  traits: null,
});
const identify = (profile: string, traits: Record<string, unknown>, at: number): StreamEvent => ({
  seq: ++seq,
  ts: T0 + at,
  profileId: profile,
  type: "identify",
  event: null,
  messageId: `m${seq}`,
  properties: null,
  traits,
});

describe("StreamEvaluator timers", () => {
  it("a viewer leaves 'viewed in the last 30 min' at the exact instant, with no new event", () => {
    const ev = new StreamEvaluator([seg("recent", { performed: "Page Viewed", within: "30m" })]);
    expect(ev.applyEvent(track("u", "Page Viewed", 0)).map((c) => c.change)).toEqual(["entered"]);
    expect(ev.advanceTo(T0 + 30 * MIN - 1)).toEqual([]);
    const out = ev.advanceTo(T0 + 2 * H);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ change: "exited", at: T0 + 30 * MIN, cause: "window expired" });
    expect(out[0]!.reason).toBe('window expired: performed "Page Viewed": count 0 in 30m ≥ 1');
  });

  it("abandoned cart enters exactly `for` after the add, and a purchase at the same instant does not cancel it", () => {
    const ev = new StreamEvaluator([seg("cart", { did: "Product Added", thenNot: "Order Completed", for: "2h" })]);
    ev.applyEvent(track("u", "Product Added", 0));
    ev.applyEvent(track("u", "Order Completed", 0));
    const out = ev.advanceTo(T0 + 3 * H);
    expect(out.map((c) => [c.change, c.at - T0])).toEqual([["entered", 2 * H]]);
    expect(ev.applyEvent(track("u", "Order Completed", 3 * H)).map((c) => c.change)).toEqual(["exited"]);
  });

  it("a sequence falls out of its lookback when its first step does (window (t − L, t])", () => {
    const ev = new StreamEvaluator([seg("seq", { sequence: ["A", "B"], within: "1h", lookback: "2h" })]);
    ev.applyEvent(track("u", "A", 0));
    expect(ev.applyEvent(track("u", "B", 30 * MIN)).map((c) => c.change)).toEqual(["entered"]);
    expect(ev.advanceTo(T0 + 2 * H - 1)).toEqual([]);
    expect(ev.advanceTo(T0 + 2 * H).map((c) => [c.change, c.at - T0])).toEqual([["exited", 2 * H]]);
  });

  it("withinLast / olderThan traits change with the clock", () => {
    const ev = new StreamEvaluator([
      seg("fresh", { trait: "signup", op: "withinLast", value: "1d" }),
      seg("old", { trait: "signup", op: "olderThan", value: "1d" }),
    ]);
    ev.applyEvent(identify("u", { signup: new Date(T0).toISOString() }, 0));
    expect(ev.members("fresh")).toEqual(["u"]);
    const out = ev.advanceTo(T0 + 2 * D);
    expect(out.map((c) => [c.segment, c.change, c.at - T0])).toEqual([
      ["fresh", "exited", D],
      ["old", "entered", D],
    ]);
  });

  it("only profiles with a pending time-driven change hold a timer", () => {
    const ev = new StreamEvaluator([seg("ever", { performed: "A" })]);
    for (let i = 0; i < 100; i++) ev.applyEvent(track(`p${i}`, "A", i));
    expect((ev as unknown as { timers: { size: number } }).timers.size).toBe(0);
  });
});

describe("StreamEvaluator late events and merges", () => {
  it("late events give the same membership as in-order arrival", () => {
    const def = seg("two", { performed: "A", within: "1h", count: { op: "gte", value: 2 } });
    const inOrder = new StreamEvaluator([def]);
    const late = new StreamEvaluator([def]);
    const evs = [track("u", "A", 0), track("u", "A", 20 * MIN), track("u", "A", 50 * MIN)];
    for (const e of evs) inOrder.applyEvent(e);
    for (const e of [evs[2]!, evs[0]!, evs[1]!]) late.applyEvent(e);
    expect(late.stats.late).toBe(2);
    for (const t of [50 * MIN, 80 * MIN, 110 * MIN]) {
      inOrder.advanceTo(T0 + t);
      late.advanceTo(T0 + t);
      expect(late.members("two")).toEqual(inOrder.members("two"));
    }
  });

  it("an identity merge folds state and the merged-away profile exits", () => {
    const ev = new StreamEvaluator([seg("twice", { performed: "A", count: { op: "gte", value: 2 } })]);
    ev.applyEvent(track("anon", "A", 0));
    ev.applyEvent(track("user", "A", MIN));
    expect(ev.members("twice")).toEqual([]);
    const out = ev.applyMerge({ from: "anon", into: "user", at: T0 + 2 * MIN, messageId: "x" });
    expect(out.map((c) => [c.profile, c.change, c.cause])).toEqual([["user", "entered", "profile merged"]]);
    expect(ev.profiles.has("anon")).toBe(false);
  });

  it("inSegment and parent propagate in topological order, and reasons name the path and evidence", () => {
    const ev = new StreamEvaluator([
      seg("buyers", {
        all: [
          { trait: "plan", op: "eq", value: "pro" },
          { performed: "Order Completed", within: "30d", count: { op: "gte", value: 2 } },
        ],
      }),
      seg("vip", { inSegment: "buyers" }),
      seg("vip-eu", { trait: "region", op: "eq", value: "eu" }, { parent: "vip" }),
    ]);
    ev.applyEvent(identify("u", { plan: "pro", region: "eu" }, 0));
    ev.applyEvent(track("u", "Order Completed", H));
    const entered = ev.applyEvent(track("u", "Order Completed", 2 * H));
    expect(entered.map((c) => c.segment)).toEqual(["buyers", "vip", "vip-eu"]);
    expect(entered[0]!.reason).toBe('all[1].performed "Order Completed": count 2 in 30d ≥ 2');
    expect(ev.applyEvent(track("u", "Order Completed", 3 * H))).toEqual([]);
    expect(ev.members("vip-eu")).toEqual(["u"]);
    const exited = ev.applyEvent(identify("u", { plan: "free" }, 4 * H));
    expect(exited.map((c) => [c.segment, c.change, c.cause])).toEqual([
      ["buyers", "exited", "trait changed"],
      ["vip", "exited", "trait changed"],
      ["vip-eu", "exited", "trait changed"],
    ]);
    expect(exited[0]!.reason).toBe('trait changed: all[0].trait plan: "free" eq "pro"');
  });

  it("renders a reason lazily from the evidence captured at the change, whatever happened since", () => {
    const ev = new StreamEvaluator([
      seg("two", { performed: "Order Completed", within: "1d", count: { op: "gte", value: 2 } }),
      seg("cart", { did: "Product Added", thenNot: "Order Completed", for: "1h" }),
    ]);
    ev.applyEvent(track("w", "Order Completed", 0));
    ev.applyEvent(track("w", "Product Added", 10 * MIN));
    const entered = ev.applyEvent(track("w", "Order Completed", 20 * MIN));
    const later = [...ev.applyEvent(track("w", "Order Completed", 30 * MIN)), ...ev.advanceTo(T0 + 3 * D)];
    expect(later.map((c) => [c.segment, c.change, c.at - T0])).toEqual([["two", "exited", D + 20 * MIN]]);
    // Read only now: the state has moved on (3 orders, then none in the window), the reasons have not.
    expect(entered.map((c) => c.reason)).toEqual(['performed "Order Completed": count 2 in 1d ≥ 2']);
    expect(later[0]!.reason).toBe('window expired: performed "Order Completed": count 1 in 1d ≥ 2');
    expect(JSON.parse(JSON.stringify(entered[0]))).toEqual({
      segment: "two",
      version: 1,
      profile: "w",
      change: "entered",
      at: T0 + 20 * MIN,
      reason: 'performed "Order Completed": count 2 in 1d ≥ 2',
      cause: "event arrived",
    });
  });

  it("rejects a cycle of inSegment references with its path", () => {
    expect(() => new StreamEvaluator([seg("a", { inSegment: "b" }), seg("b", { not: { inSegment: "a" } })])).toThrow(
      /cycle: a → b → a/,
    );
  });
});
