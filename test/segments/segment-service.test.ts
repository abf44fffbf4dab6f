import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import { isTesseraError, type SegmentMessage } from "../../src/model/index.js";
import { SegmentService } from "../../src/segments/index.js";
import { DuckDBStore } from "../../src/store/index.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();
const order = (user: string, day: number, revenue: number): SegmentMessage =>
  ({
    type: "track",
    userId: user,
    event: "Order Completed",
    timestamp: iso(T0 + day * DAY),
    properties: { revenue },
  }) as SegmentMessage;
const identify = (user: string, traits: Record<string, unknown>): SegmentMessage =>
  ({ type: "identify", userId: user, traits, timestamp: iso(T0) }) as SegmentMessage;

let store: DuckDBStore;
let svc: SegmentService;
let clock = T0 + 10 * DAY;

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null, threads: 1 });
  const ingestor = await Ingestor.create(store);
  const msgs = [
    order("ann", 1, 60),
    order("ann", 2, 70),
    order("ann", 3, 80),
    order("bob", 1, 20),
    identify("ann", { plan: "pro" }),
    identify("bob", { plan: "free" }),
    identify("cat", { plan: "pro" }),
    ...Array.from({ length: 200 }, (_, i) => identify(`z${String(i).padStart(3, "0")}`, { plan: "free" })),
  ];
  await ingestor.ingest(validateAll(msgs, []), { source: "test" });
  clock = T0 + 10 * DAY;
  svc = new SegmentService(store, () => clock);
});
afterEach(async () => {
  await store.close();
});

const expectError = async (p: Promise<unknown>, code: string, status = 400) => {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(isTesseraError(e) ? [e.code, e.status] : e).toEqual([code, status]);
  return e as { details: { diagnostics: Array<{ code: string; span?: unknown }> } };
};

describe("SegmentService", () => {
  it("creates from text and JSON, versions edits, deletes", async () => {
    const a = await svc.create({
      name: "Repeat buyers",
      dsl: 'performed "Order Completed" at least 2 times in last 30d',
    });
    expect(a.segment).toMatchObject({ id: "repeat-buyers", version: 1, refresh: "realtime" });
    const b = await svc.create({ id: "pro", name: "Pro", definition: { trait: "plan", op: "eq", value: "pro" } });
    expect(b.segment.version).toBe(1);
    const up = await svc.update("repeat-buyers", { dsl: 'performed "Order Completed" at least 3 times in last 30d' });
    expect(up.segment.version).toBe(2);
    expect((await svc.get("repeat-buyers", 1)).definition).toMatchObject({ count: { value: 2 } });
    expect((await svc.list()).map((s) => s.id)).toEqual(["pro", "repeat-buyers"]);
    await svc.delete("pro");
    expect((await svc.list()).map((s) => s.id)).toEqual(["repeat-buyers"]);
    await expectError(svc.get("pro"), "segment_not_found", 404);
  });

  it("rejects bad definitions with diagnostics (codes, spans), warns on unknown names", async () => {
    const e = await expectError(
      svc.create({ name: "x", dsl: 'performed "Order Completed" in last 30 days' }),
      "invalid_definition",
    );
    expect(e.details.diagnostics[0]).toMatchObject({
      code: "bad_duration",
      span: { line: 1, column: 37 },
      suggestion: 'did you mean "30d"?',
    });
    await expectError(svc.create({ name: "x", definition: { performed: "A", within: "soon" } }), "invalid_definition");
    await expectError(svc.create({ name: "x", definitoin: {} }), "invalid_segment");
    const w = await svc.create({ name: "typo", dsl: 'performed "Order Complete"' });
    expect(w.diagnostics[0]).toMatchObject({ code: "unknown_event", suggestion: 'did you mean "Order Completed"?' });
  });

  it("refuses inSegment cycles and deleting a segment others use", async () => {
    await svc.create({ id: "a", definition: { trait: "plan", op: "exists" } });
    await svc.create({ id: "b", definition: { inSegment: "a" } });
    const e = await expectError(svc.update("a", { definition: { inSegment: "b" } }), "invalid_definition");
    expect(e.details.diagnostics[0]).toMatchObject({ code: "segment_cycle" });
    await expectError(svc.delete("a"), "segment_in_use", 409);
  });

  it("previews size, share, sample and the min-size flag", async () => {
    const p = await svc.preview('plan = "pro"');
    expect(p).toMatchObject({
      size: 2,
      population: 203,
      sample: ["ann", "cat"],
      belowMinSize: true,
      minSizePercent: 1,
    });
    expect(p.share).toBeCloseTo((2 / 203) * 100, 10);
    const all = await svc.preview({ trait: "plan", op: "exists" });
    expect(all).toMatchObject({ size: 203, belowMinSize: false });
    expect(all.sample).toHaveLength(10);
    const past = await svc.preview('performed "Order Completed"', { asOf: T0 + DAY });
    expect(past.size).toBe(2);
    const before = await svc.preview('performed "Order Completed"', { asOf: T0 });
    expect(before.size).toBe(0);
  });

  it("reports the impact of an edit", async () => {
    await svc.create({ id: "buyers", dsl: 'performed "Order Completed"' });
    const i = await svc.impact("buyers", 'performed "Order Completed" with sum(revenue) > 100 or plan = "pro"');
    expect(i).toMatchObject({
      current: 2,
      proposed: 2,
      entering: 1,
      leaving: 1,
      staying: 1,
      sampleEntering: ["cat"],
      sampleLeaving: ["bob"],
    });
  });

  it("pages members with a cursor, exports CSV, flags holdout members", async () => {
    await svc.create({
      id: "free",
      definition: { trait: "plan", op: "eq", value: "free" },
      holdout: { percent: 50, salt: "h" },
    });
    const seen: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await svc.members("free", { limit: 64, ...(cursor ? { cursor } : {}) });
      seen.push(...page.members.map((m) => m.profileId));
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
    }
    expect(seen).toHaveLength(201);
    expect(new Set(seen).size).toBe(201);
    const csv = await svc.membersCsv("free");
    const lines = csv.trim().split("\n");
    expect(lines[0]).toBe("profile_id,held_out");
    const held = lines.slice(1).filter((l) => l.endsWith(",true")).length;
    expect(held).toBeGreaterThan(60);
    expect(held).toBeLessThan(140);
  });

  it("explains a profile node by node with evidence", async () => {
    await svc.create({ id: "s", dsl: 'performed "Order Completed" at least 2 times in last 30d and plan = "pro"' });
    const x = await svc.explain("s", "ann");
    expect(x.member).toBe(true);
    const own = x.tree.children[0]!;
    expect(own.kind).toBe("all");
    expect(own.children.map((c) => [c.path, c.value, c.detail])).toEqual([
      ["all[0]", true, "count 3 in 30d ≥ 2"],
      ["all[1]", true, 'plan is "pro"'],
    ]);
    const bob = await svc.explain("s", "bob");
    expect(bob.member).toBe(false);
    await expectError(svc.explain("s", "nobody"), "profile_not_found", 404);
  });

  it("refresh writes memberships and a log with reasons and causes", async () => {
    await svc.create({ id: "recent", dsl: 'performed "Order Completed" at least 2 times in last 10d' });
    const r1 = await svc.refresh();
    expect(r1.segments).toEqual([{ id: "recent", version: 1, size: 1, entered: 1, exited: 0 }]);
    const h1 = await svc.history("recent");
    expect(h1.changes[0]).toMatchObject({
      profile: "ann",
      change: "entered",
      reason: 'performed "Order Completed": count 3 in 10d ≥ 2',
    });
    clock = T0 + 12 * DAY;
    const r2 = await svc.refresh();
    expect(r2.segments[0]).toMatchObject({ size: 0, entered: 0, exited: 1 });
    const h2 = await svc.history("recent");
    expect(h2.changes[0]).toMatchObject({
      profile: "ann",
      change: "exited",
      cause: "window expired",
      reason: 'performed "Order Completed": count 1 in 10d ≥ 2',
    });
    const rows = await store.all("SELECT * FROM memberships");
    expect(rows).toEqual([]);
  });

  it("computed traits are stored, versioned, visible as $name in segments", async () => {
    const { trait, profiles } = await svc.computedTraits.define(
      { name: "revenue_30d", event: "Order Completed", fn: "sum", property: "revenue", within: "30d" },
      clock,
    );
    expect(trait.version).toBe(1);
    expect(profiles).toBe(2);
    expect(await svc.computedTraits.ofProfile("ann")).toEqual({ revenue_30d: 210 });
    const p = await svc.preview("$revenue_30d > 100");
    expect(p.sample).toEqual(["ann"]);
    const top = await svc.preview("$revenue_30d top 50%");
    expect(top.sample).toEqual(["ann"]);
    const again = await svc.computedTraits.define(
      { name: "revenue_30d", event: "Order Completed", fn: "count" },
      clock,
    );
    expect(again.trait.version).toBe(2);
    expect(await svc.computedTraits.ofProfile("bob")).toEqual({ revenue_30d: 1 });
    await expectError(svc.computedTraits.define({ name: "x", event: "A", fn: "sum" }, clock), "invalid_computed_trait");
  });
});
