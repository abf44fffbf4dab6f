import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IntelEngine } from "../../src/intel/index.js";
import { SegmentService } from "../../src/segments/index.js";
import { errorResponse } from "../../src/server/http-errors.js";
import { intelRoutes } from "../../src/server/routes/intel-routes.js";
import type { DuckDBStore } from "../../src/store/index.js";
import { demoStore, END, storedTrait } from "./demo-fixture.js";

let store: DuckDBStore;
let app: Hono;

beforeAll(async () => {
  store = await demoStore(800);
  app = new Hono();
  app.onError((err, c) => errorResponse(c, err));
  app.route("/api", intelRoutes(store, new IntelEngine(store, { now: () => END })));
  await new SegmentService(store, () => END).create({ id: "champions", dsl: '$rfm.segment = "Champions"' });
}, 60_000);

afterAll(async () => {
  await store?.close();
});

const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
  const res = await app.request(path);
  return { status: res.status, body: (await res.json()) as T };
};

describe("intel API", () => {
  it("POST /api/intel/refresh returns rows, ms, parameters and CV AUC per model", async () => {
    const res = await app.request("/api/intel/refresh", {
      method: "POST",
      body: JSON.stringify({ asOf: "2026-06-01T00:00:00Z" }),
    });
    expect(res.status).toBe(200);
    const s = (await res.json()) as {
      asOf: string;
      models: Record<string, { rows: number; ms: number; auc: { mean: number } | null; parameters: object }>;
      changed: number;
    };
    expect(s.asOf).toBe("2026-06-01T00:00:00.000Z");
    expect(Object.keys(s.models).sort()).toEqual(
      ["channel", "churn", "clv", "inmarket", "lead", "lifecycle", "next_product", "rfm"].sort(),
    );
    expect(s.models.rfm?.rows).toBe((await storedTrait(store, "rfm")).size);
    expect(s.models.churn?.auc?.mean).toBeGreaterThan(0.5);
    expect(s.models.clv?.parameters).toHaveProperty("bgNbd.r");
    expect(s.changed).toBeGreaterThan(0);
    expect(s).not.toHaveProperty("changedProfiles");
  });

  it("GET /api/intel/models lists the registry", async () => {
    const { status, body } = await get<{ models: { id: string; version: number; auc: unknown }[] }>(
      "/api/intel/models",
    );
    expect(status).toBe(200);
    expect(body.models).toHaveLength(8);
    expect(body.models.find((m) => m.id === "churn")?.auc).not.toBeNull();
  });

  it("recommendations for a profile exclude what it bought", async () => {
    const [buyer] = await store.all<{ p: string }>(
      "SELECT profile_id AS p FROM events WHERE event = 'Order Completed' ORDER BY profile_id LIMIT 1",
    );
    const { status, body } = await get<{ items: { item: string }[]; known: boolean }>(
      `/api/intel/recommendations?profile=${buyer!.p}&k=5`,
    );
    expect(status).toBe(200);
    expect(body.known).toBe(true);
    expect(body.items).toHaveLength(5);
    const bought = await store.all<{ i: string }>(
      "SELECT DISTINCT unnest(json_extract_string(properties, '$.products[*].product_id')) AS i FROM events WHERE event = 'Order Completed' AND profile_id = $1",
      [buyer!.p],
    );
    for (const b of bought) expect(body.items.map((x) => x.item)).not.toContain(b.i);
  });

  it("recommendations for a segment evaluate it when no memberships are stored", async () => {
    const rfm = await storedTrait<{ segment: string }>(store, "rfm");
    const champions = [...rfm.values()].filter((v) => v.segment === "Champions").length;
    const { status, body } = await get<{ members: number; items: { item: string; members: number }[] }>(
      "/api/intel/recommendations?segment=champions&k=3",
    );
    expect(status).toBe(200);
    expect(body.members).toBe(champions);
    expect(body.items).toHaveLength(3);
    expect(body.items[0]!.members).toBeGreaterThanOrEqual(body.items[1]!.members);
  });

  it("GET /api/intel/rfm/summary counts the stored segments", async () => {
    const { body } = await get<{ total: number; segments: { name: string; count: number }[] }>(
      "/api/intel/rfm/summary",
    );
    const rfm = await storedTrait<{ segment: string }>(store, "rfm");
    expect(body.total).toBe(rfm.size);
    expect(body.segments).toHaveLength(10);
    for (const s of body.segments) expect(s.count).toBe([...rfm.values()].filter((v) => v.segment === s.name).length);
  });

  it("GET /api/intel/channel-mix restricts to a segment's members", async () => {
    const all = await get<{ profiles: number; channels: { channel: string; preferred: number }[] }>(
      "/api/intel/channel-mix",
    );
    const seg = await get<{ profiles: number; members: number }>("/api/intel/channel-mix?segment=champions");
    expect(all.body.channels.map((c) => c.channel)).toEqual(["email", "push", "sms"]);
    expect(all.body.channels.reduce((a, c) => a + c.preferred, 0)).toBe(all.body.profiles);
    expect(seg.body.profiles).toBeLessThanOrEqual(seg.body.members);
    expect(seg.body.profiles).toBeLessThan(all.body.profiles);
  });

  it("bad input gets a 4xx with the one error body", async () => {
    const both = await get<{ error: { code: string } }>("/api/intel/recommendations?k=3");
    expect(both.status).toBe(400);
    expect(both.body.error.code).toBe("bad_query");
    const k = await get<{ error: { code: string } }>("/api/intel/recommendations?profile=u000001&k=0");
    expect(k.body.error.code).toBe("bad_query");
    const nobody = await get<{ error: { code: string } }>("/api/intel/recommendations?profile=nobody");
    expect(nobody.status).toBe(404);
    const noseg = await get<{ error: { code: string } }>("/api/intel/recommendations?segment=nope");
    expect(noseg.status).toBe(404);
    expect(noseg.body.error.code).toBe("segment_not_found");
    const badAsOf = await app.request("/api/intel/refresh", { method: "POST", body: '{"asOf":"yesterday"}' });
    expect(badAsOf.status).toBe(400);
    const badJson = await app.request("/api/intel/refresh", { method: "POST", body: "{" });
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe("bad_json");
  });
});
