import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { KpiValues, SegmentKpis } from "../../src/measure/index.js";
import type { DuckDBStore } from "../../src/store/index.js";
import {
  type ApiError,
  D0,
  DAY,
  getJson,
  measureApp,
  openStore,
  writeEvents,
  writeLog,
  writeSegment,
} from "./engine-fixtures.js";

type KpiBody = SegmentKpis & { segment: string; source: string };
type KpiDay = SegmentKpis["days"][number];
interface CompareBody {
  population: { members: number; totals: SegmentKpis["totals"] };
  segments: { segment: string; members: number; totals: KpiValues; index: Record<string, number | null> }[];
}

/**
 * A hand-checkable workspace over three days (D0, D0+1, D0+2). Segment "vip": a enters on D0−1, b on D0, c on D0+1,
 * b exits on D0+2 → current members a and c; sizes at the day ends 2, 3, 2, worked below day by day.
 */
describe("segment KPIs per day (hand-checked)", () => {
  let store: DuckDBStore;
  const h = 3_600_000;
  beforeAll(async () => {
    store = await openStore();
    await writeSegment(store, { id: "vip", name: "VIP", definition: { trait: "vip", op: "eq", value: true } });
    await writeLog(store, "vip", [
      { profile: "a", change: "entered", at: D0 - DAY + h },
      { profile: "b", change: "entered", at: D0 + h },
      { profile: "c", change: "entered", at: D0 + DAY + h },
      { profile: "b", change: "exited", at: D0 + 2 * DAY + h },
    ]);
    await writeEvents(
      store,
      ["a", "b", "c", "x"],
      [
        // Day D0−1 (before the range): a is active (counts for retention only).
        { profile: "a", event: "Product Viewed", ts: D0 - DAY + 2 * h },
        // D0: a orders twice (100 + 50), a adds to cart; c clicks a message; x (not a member) orders.
        { profile: "a", event: "Product Added", ts: D0 + 2 * h },
        { profile: "a", event: "Order Completed", ts: D0 + 3 * h, properties: { revenue: 100 } },
        { profile: "a", event: "Order Completed", ts: D0 + 4 * h, properties: { revenue: 50 } },
        { profile: "c", event: "Message Clicked", ts: D0 + 5 * h },
        { profile: "c", event: "Message Sent", ts: D0 + 5 * h },
        { profile: "x", event: "Order Completed", ts: D0 + 6 * h, properties: { revenue: 999 } },
        // D0+1: c orders 30; only a Message Sent for a (not activity).
        { profile: "c", event: "Order Completed", ts: D0 + DAY + 2 * h, properties: { revenue: 30 } },
        { profile: "a", event: "Message Sent", ts: D0 + DAY + 3 * h },
        // D0+2: a views a product; b (no longer a member) orders — b is not in the cohort.
        { profile: "a", event: "Product Viewed", ts: D0 + 2 * DAY + 2 * h },
        { profile: "b", event: "Order Completed", ts: D0 + 2 * DAY + 3 * h, properties: { revenue: 70 } },
      ],
    );
    await store.run(
      "INSERT INTO computed_traits VALUES ('a', 'clv.12m', '120', 1, 0), ('c', 'clv.12m', '80', 1, 0), ('x', 'clv.12m', '5000', 1, 0)",
    );
  });
  afterAll(() => store.close());

  it("reports size, entries, exits, orders, revenue, rates, micro-metrics and retention per day and in total", async () => {
    const app = measureApp(store);
    const from = new Date(D0).toISOString();
    const to = new Date(D0 + 3 * DAY).toISOString();
    const { status, body } = await getJson<KpiBody>(
      app,
      `/api/segments/vip/kpis?from=${from}&to=${to}&retentionDays=1`,
    );
    expect(status).toBe(200);
    expect(body.source).toBe("memberships");
    expect(body.membershipSource).toBe("membership_log");
    expect(body.members).toBe(2); // a and c
    const [d0, d1, d2] = body.days as [KpiDay, KpiDay, KpiDay];
    expect(body.days.map((d) => d.day)).toEqual(["2026-01-01", "2026-01-02", "2026-01-03"]);
    // Sizes: 1 before the range (a); D0 +b → 2; D0+1 +c → 3; D0+2 −b → 2.
    expect(d0).toMatchObject({
      size: 2,
      entries: 1,
      exits: 0,
      orders: 2,
      revenue: 150,
      buyers: 1,
      clicks: 1,
      addToCarts: 1,
      active: 2,
    });
    expect(d0.conversionRate).toBeCloseTo(1 / 2, 12);
    expect(d0.revenuePerMember).toBeCloseTo(75, 12);
    expect(d0.averageOrderValue).toBeCloseTo(75, 12);
    // Retention (R = 1 day): active on D0−1 = {a}; a active again on D0 → 1.
    expect(d0.retention).toBe(1);
    expect(d0.churnRate).toBe(0);
    expect(d1).toMatchObject({
      size: 3,
      entries: 1,
      exits: 0,
      orders: 1,
      revenue: 30,
      buyers: 1,
      active: 1,
      clicks: 0,
    });
    expect(d1.averageOrderValue).toBe(30);
    // Active on D0 = {a, c}; on D0+1 only c (a's Message Sent is not activity) → 1/2.
    expect(d1.retention).toBe(0.5);
    expect(d1.churnRate).toBe(0.5);
    expect(d2).toMatchObject({ size: 2, entries: 0, exits: 1, orders: 0, revenue: 0, buyers: 0, active: 1 });
    expect(d2.averageOrderValue).toBeNull();
    // Active on D0+1 = {c}; c not active on D0+2 → 0.
    expect(d2.retention).toBe(0);
    expect(body.totals).toMatchObject({
      size: 2,
      entries: 2,
      exits: 1,
      orders: 3,
      revenue: 180,
      buyers: 2,
      clicks: 1,
      addToCarts: 1,
      active: 2,
    });
    expect(body.totals.conversionRate).toBe(1);
    expect(body.totals.revenuePerMember).toBe(90);
    expect(body.totals.averageOrderValue).toBe(60);
    expect(body.totals.retention).toBe(0);
    expect(body.totals.meanClv).toBe(100); // (120 + 80) / 2; x is not a member
  });

  it("accepts members computed elsewhere (POST) and compares segments against the population", async () => {
    const app = measureApp(store);
    const posted = await getJson<KpiBody>(app, "/api/segments/vip/kpis", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ from: D0, to: D0 + 3 * DAY, members: ["x"] }),
    });
    expect(posted.status).toBe(200);
    expect(posted.body.source).toBe("given");
    expect(posted.body.totals).toMatchObject({ orders: 1, revenue: 999, meanClv: 5000 });
    const cmp = await getJson<CompareBody>(app, `/api/kpis/compare?segments=vip&from=${D0}&to=${D0 + 3 * DAY}`);
    expect(cmp.status).toBe(200);
    // Population: a, b, c, x → 4 members; buyers a, c, x, b = 4; revenue 150 + 30 + 999 + 70.
    expect(cmp.body.population.totals).toMatchObject({ orders: 5, revenue: 1249, buyers: 4 });
    const vip = cmp.body.segments[0]!;
    expect(vip.totals.revenuePerMember).toBe(90);
    expect(vip.index.revenuePerMember).toBeCloseTo(90 / (1249 / 4) - 1, 12);
    expect(vip.index.conversionRate).toBeCloseTo(1 / 1 - 1, 12);
  });

  it("without a log, replays sizes by evaluating the definition at every day's end (batch engine)", async () => {
    // "recent" = an order in the last day. Orders: a D0+3h and D0+4h, x D0+6h, c D0+1d+2h, b D0+2d+3h.
    await writeSegment(store, {
      id: "recent",
      name: "Recent buyers",
      definition: { performed: "Order Completed", within: "1d" },
    });
    const { body } = await getJson<KpiBody>(
      measureApp(store),
      `/api/segments/recent/kpis?from=${D0}&to=${D0 + 3 * DAY}`,
    );
    expect(body.source).toBe("evaluated");
    expect(body.membershipSource).toBe("evaluated");
    // End of D0: {a, x} (2 entries); end of D0+1: {c} (+c, −a −x); end of D0+2: {b} (+b, −c).
    expect(body.days.map((d) => [d.size, d.entries, d.exits])).toEqual([
      [2, 2, 0],
      [1, 1, 2],
      [1, 1, 1],
    ]);
    // The cohort is the members at `to` (D0+3d): only b, whose one order (70) is on D0+2.
    expect(body.members).toBe(1);
    expect(body.totals).toMatchObject({ orders: 1, revenue: 70, buyers: 1, conversionRate: 1 });
  });

  it("rejects bad ranges and unknown segments with the one error body", async () => {
    const app = measureApp(store);
    const bad = await getJson<ApiError>(app, "/api/segments/vip/kpis?from=yesterday");
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("bad_query");
    expect(bad.body.error.message).toContain("from");
    const inverted = await getJson<ApiError>(app, `/api/segments/vip/kpis?from=${D0}&to=${D0 - DAY}`);
    expect(inverted.status).toBe(400);
    const missing = await getJson<ApiError>(app, "/api/segments/nope/kpis");
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("segment_not_found");
  });
});
