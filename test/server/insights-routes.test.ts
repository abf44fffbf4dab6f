import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const DAY = 86_400_000;
let t: TestServer;
const plans = ["free", "pro", "pro", "team", "free", "pro", "free", "free", "team", "pro", "pro", "free"];
const ids = plans.map((_, i) => `u${i}`);

beforeAll(async () => {
  t = await startTestServer();
  const batch = [
    ...ids.map((id, i) => ({
      type: "identify",
      userId: id,
      messageId: `i${i}`,
      timestamp: "2026-01-01T00:00:00Z",
      traits: {
        plan: plans[i],
        age: 20 + i * 3,
        lat: 48.1 + i * 0.01,
        lon: 11.5,
        address: { city: i % 2 ? "Munich" : "Berlin" },
      },
    })),
    ...ids.slice(0, 5).map((id, i) => ({
      type: "track",
      userId: id,
      event: "Order Completed",
      messageId: `o${i}`,
      timestamp: "2026-01-02T00:00:00Z",
      properties: { revenue: 10 * i, sku: "A" },
    })),
    { type: "track", userId: "u1", event: "Product Viewed", messageId: "v1", properties: { sku: "B" } },
  ];
  const res = await t.post("/v1/batch", { batch });
  expect(res.status).toBe(200);
  // Memberships as the segments engine writes them: "pro" = the pro-plan users, "buyers" = u0..u4.
  const now = Date.now();
  const pro = ids.filter((_, i) => plans[i] === "pro");
  const buyers = ids.slice(0, 5);
  await t.server.store.transaction(async (tx) => {
    await tx.append("membership_base", [
      ...pro.map((p) => ["pro", p, 1, now, "trait plan = pro"]),
      ...buyers.map((p) => ["buyers", p, 1, now, "performed"]),
    ]);
    let seq = 1;
    const log = (seg: string, p: string, change: string, at: number) => [seq++, seg, 1, p, change, at, "", ""];
    await tx.append("membership_log", [
      // pro: 4 enter three days ago, u9 enters two days ago, u3 exits two days ago, u10 enters today … ends at 5
      ...["u1", "u2", "u5", "u3"].map((p) => log("pro", p, "entered", now - 3 * DAY)),
      log("pro", "u9", "entered", now - 2 * DAY),
      log("pro", "u3", "exited", now - 2 * DAY),
      log("pro", "u10", "entered", now),
    ]);
  });
});
afterAll(async () => t?.stop());

const get = async <T>(path: string): Promise<T> => {
  const r = await t.api(path);
  expect(r.status, await r.clone().text()).toBe(200);
  return (await r.json()) as T;
};

describe("insights routes", () => {
  it("breaks down a categorical trait among members vs population", async () => {
    const b = await get<{
      kind: string;
      members: number;
      population: number;
      buckets: { label: string; members: number; population: number }[];
    }>("/api/segments/buyers/breakdown?trait=plan");
    expect(b.kind).toBe("categorical");
    expect(b.population).toBe(12);
    expect(b.members).toBe(5);
    // buyers u0..u4 have plans free, pro, pro, team, free
    expect(b.buckets).toEqual([
      { label: "free", members: 2, population: 5 },
      { label: "pro", members: 2, population: 5 },
      { label: "team", members: 1, population: 2 },
    ]);
  });

  it("bins a numeric trait and reads nested paths", async () => {
    const b = await get<{ kind: string; buckets: { from: number; to: number; members: number; population: number }[] }>(
      "/api/segments/pro/breakdown?trait=age",
    );
    // 12 distinct ages 20..53 ≤ 20 categories → categorical, sorted numerically
    expect(b.kind).toBe("categorical");
    expect(b.buckets.map((x) => Number((x as unknown as { label: string }).label))).toEqual(
      ids.map((_, i) => 20 + i * 3),
    );
    expect(b.buckets.reduce((a, x) => a + x.members, 0)).toBe(5);
    const city = await get<{ buckets: { label: string; members: number; population: number }[] }>(
      "/api/segments/pro/breakdown?trait=address.city",
    );
    // pro = u1 u2 u5 u9 u10 → Munich (odd) u1 u5 u9, Berlin u2 u10
    expect(city.buckets).toEqual([
      { label: "Berlin", members: 2, population: 6 },
      { label: "Munich", members: 3, population: 6 },
    ]);
  });

  it("computes pairwise overlap and exact combinations", async () => {
    const o = await get<{ matrix: number[][]; sizes: number[]; combinations: { segments: string[]; size: number }[] }>(
      "/api/segments/overlap?ids=pro,buyers,nobody",
    );
    // pro ∩ buyers = u1, u2
    expect(o.matrix).toEqual([
      [5, 2, 0],
      [2, 5, 0],
      [0, 0, 0],
    ]);
    expect(o.sizes).toEqual([5, 5, 0]);
    expect(o.combinations).toEqual([
      { segments: ["buyers"], size: 3 },
      { segments: ["pro"], size: 3 },
      { segments: ["buyers", "pro"], size: 2 },
    ]);
  });

  it("rebuilds size over time from the membership log", async () => {
    const s = await get<{ current: number; days: { entered: number; exited: number; size: number }[] }>(
      "/api/segments/pro/sizes?days=5",
    );
    expect(s.current).toBe(5);
    expect(s.days.map((d) => [d.entered, d.exited, d.size])).toEqual([
      [0, 0, 0],
      [4, 0, 4],
      [1, 1, 4],
      [0, 0, 4],
      [1, 0, 5],
    ]);
  });

  it("lists events, properties and traits seen", async () => {
    const c = await get<{
      population: number;
      events: { name: string; count: number; properties: { key: string; type: string }[] }[];
      traits: { key: string; type: string; topValues: { value: unknown; profiles: number }[] }[];
    }>("/api/catalog");
    expect(c.population).toBe(12);
    expect(c.events.map((e) => [e.name, e.count])).toEqual([
      ["Order Completed", 5],
      ["Product Viewed", 1],
    ]);
    expect(c.events[0]!.properties).toEqual([
      { key: "revenue", type: "number", share: 1 },
      { key: "sku", type: "string", share: 1 },
    ]);
    const plan = c.traits.find((x) => x.key === "plan")!;
    expect(plan.type).toBe("string");
    expect(plan.topValues).toEqual([
      { value: "free", profiles: 5 },
      { value: "pro", profiles: 5 },
      { value: "team", profiles: 2 },
    ]);
    expect(c.traits.find((x) => x.key === "address")!.type).toBe("object");
  });

  it("reports per-segment size and growth, and geo cells", async () => {
    const st = await get<{
      segments: { id: string; size: number; entered: number; exited: number; growth: number | null }[];
    }>("/api/segment-stats?days=7");
    expect(st.segments).toEqual([
      { id: "buyers", size: 5, entered: 0, exited: 0, growth: 0 },
      { id: "pro", size: 5, entered: 6, exited: 1, growth: null },
    ]);
    const g = await get<{ cells: { lat: number; lon: number; members: number; population: number }[] }>(
      "/api/segments/pro/geo?cell=1",
    );
    expect(g.cells).toEqual([{ lat: 48.5, lon: 11.5, members: 5, population: 12 }]);
  });

  it("prints a JSON AST as the text form", async () => {
    const r = await t.api("/api/segments/print", {
      method: "POST",
      body: JSON.stringify({
        definition: {
          all: [
            { trait: "plan", op: "eq", value: "pro" },
            { performed: "Order Completed", within: "30d" },
          ],
        },
      }),
    });
    expect(r.status).toBe(200);
    const { text } = (await r.json()) as { text: string };
    expect(text).toContain('plan = "pro"');
    expect(text).toContain('"Order Completed"');
    const bad = await t.api("/api/segments/print", {
      method: "POST",
      body: JSON.stringify({ definition: { nope: 1 } }),
    });
    expect(bad.status).toBe(400);
  });

  it("answers bad queries with a coded 400", async () => {
    const r = await t.api("/api/segments/pro/breakdown");
    expect(r.status).toBe(400);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe("bad_query");
    const r2 = await t.api("/api/segments/overlap?ids=");
    expect(r2.status).toBe(400);
  });

  it("serves the SPA fallback for non-API paths and JSON 404 under /api", async () => {
    const r = await fetch(`${t.server.url}/segments/pro?tab=overview`);
    expect([200, 503]).toContain(r.status);
    expect(r.headers.get("content-type")).toMatch(/text\/(html|plain)/);
    const a = await t.api("/api/nope");
    expect(a.status).toBe(404);
    expect(((await a.json()) as { error: { code: string } }).error.code).toBe("not_found");
  });
});
