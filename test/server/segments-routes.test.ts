import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { SegmentMessage } from "../../src/model/index.js";
import { SegmentService } from "../../src/segments/index.js";
import { errorResponse } from "../../src/server/index.js";
import { profilesExplainRoutes } from "../../src/server/routes/profiles-explain-routes.js";
import { segmentsRoutes } from "../../src/server/routes/segments-routes.js";
import { DuckDBStore } from "../../src/store/index.js";

const T0 = Date.parse("2024-03-01T00:00:00Z");
let store: DuckDBStore;
let app: Hono;
let svc: SegmentService;

beforeAll(async () => {
  store = await DuckDBStore.open({ dataDir: null, threads: 1 });
  const ingestor = await Ingestor.create(store);
  const msgs: SegmentMessage[] = [];
  for (let i = 0; i < 30; i++) {
    const user = `u${String(i).padStart(2, "0")}`;
    msgs.push({
      type: "identify",
      userId: user,
      traits: { plan: i % 3 === 0 ? "pro" : "free" },
      timestamp: new Date(T0).toISOString(),
    } as SegmentMessage);
    for (let k = 0; k < i % 4; k++) {
      msgs.push({
        type: "track",
        userId: user,
        event: "Order Completed",
        properties: { revenue: 10 * (k + 1) },
        timestamp: new Date(T0 + (k + 1) * 3_600_000).toISOString(),
      } as SegmentMessage);
    }
  }
  await ingestor.ingest(validateAll(msgs, []), { source: "test" });
  svc = new SegmentService(store, () => T0 + 86_400_000);
  app = new Hono();
  app.route("/api", segmentsRoutes(svc));
  app.route("/api", profilesExplainRoutes(svc));
  app.onError((e, c) => errorResponse(c, e));
});
afterAll(async () => {
  await store.close();
});

const json = (method: string, path: string, body?: unknown) =>
  app.request(path, {
    method,
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
    headers: { "content-type": typeof body === "string" ? "text/plain" : "application/json" },
  });

describe("segments routes", () => {
  it("create from text, read, list with sizes, update to a new version", async () => {
    const r = await json("POST", "/api/segments", {
      id: "buyers",
      name: "Buyers",
      dsl: 'performed "Order Completed" at least 2 times',
    });
    expect(r.status).toBe(201);
    expect(((await r.json()) as { segment: { version: number } }).segment.version).toBe(1);
    expect(
      (await json("POST", "/api/segments", { id: "pro", definition: { trait: "plan", op: "eq", value: "pro" } }))
        .status,
    ).toBe(201);
    const list = (await (await json("GET", "/api/segments?sizes=1")).json()) as {
      segments: Array<{ id: string; size: number }>;
      population: number;
    };
    expect(list.population).toBe(30);
    expect(list.segments.map((s) => [s.id, s.size])).toEqual([
      ["buyers", 14],
      ["pro", 10],
    ]);
    const put = await json("PUT", "/api/segments/buyers", { dsl: 'performed "Order Completed" at least 3 times' });
    expect(((await put.json()) as { segment: { version: number } }).segment.version).toBe(2);
    const v1 = (await (await json("GET", "/api/segments/buyers?version=1")).json()) as {
      segment: { definition: unknown };
    };
    expect(v1.segment.definition).toEqual({ performed: "Order Completed", count: { op: "gte", value: 2 } });
  });

  it("bad definitions are 400 with diagnostics (code, path, span), never 500", async () => {
    const r = await json("POST", "/api/segments", { id: "bad", dsl: 'plan = "pro" and preformed "Order Completed"' });
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { code: string; details: { diagnostics: unknown[] } } };
    expect(body.error.code).toBe("invalid_definition");
    expect(body.error.details.diagnostics[0]).toMatchObject({
      code: "expected_condition",
      span: { line: 1, column: 18 },
      suggestion: 'did you mean "performed"?',
    });
    for (const garbage of [
      "{",
      "[]",
      "null",
      '{"definition": {"all": 3}}',
      '{"definition": {"performed": "A", "within": "x"}}',
      '{"id": "no spaces allowed"}',
    ]) {
      const g = await app.request("/api/segments", {
        method: "POST",
        body: garbage,
        headers: { "content-type": "application/json" },
      });
      expect(g.status).toBe(400);
      expect(((await g.json()) as { error: { code: string } }).error.code).toMatch(/^[a-z_]+$/);
    }
    expect((await json("GET", "/api/segments/nope")).status).toBe(404);
    expect((await json("POST", "/api/segments/nope/impact", { dsl: "plan exists" })).status).toBe(404);
    expect((await json("GET", "/api/segments/pro/members?limit=-1")).status).toBe(400);
    expect((await json("POST", "/api/segments/preview", { dsl: "plan exists", asOf: "yesterday" })).status).toBe(400);
  });

  it("validate returns the AST or diagnostics for text and JSON", async () => {
    const ok = (await (await json("POST", "/api/segments/validate", "$clv top 10%")).json()) as Record<string, unknown>;
    expect(ok).toMatchObject({ valid: true, definition: { trait: "$clv", op: "topPercent", value: 10 } });
    expect((ok["diagnostics"] as Array<{ code: string }>)[0]?.code).toBe("unknown_computed_trait");
    const bad = (await (
      await json("POST", "/api/segments/validate", { definition: { performed: "Order Completed", within: "30 days" } })
    ).json()) as Record<string, unknown>;
    expect(bad).toMatchObject({
      valid: false,
      definition: null,
      diagnostics: [{ code: "bad_duration", path: ["within"] }],
    });
  });

  it("preview and impact", async () => {
    const p = (await (await json("POST", "/api/segments/preview", { dsl: 'plan = "pro"' })).json()) as Record<
      string,
      unknown
    >;
    expect(p).toMatchObject({ size: 10, population: 30, belowMinSize: false });
    const i = (await (
      await json("POST", "/api/segments/pro/impact", { dsl: 'plan = "pro" and performed "Order Completed"' })
    ).json()) as Record<string, unknown>;
    expect(i).toMatchObject({ current: 10, proposed: 7, leaving: 3, entering: 0 });
  });

  it("members with cursor paging and CSV; history after refresh; explain", async () => {
    const first = (await (await json("GET", "/api/segments/pro/members?limit=4")).json()) as {
      members: Array<{ profileId: string }>;
      nextCursor: string;
    };
    expect(first.members.map((m) => m.profileId)).toEqual(["u00", "u03", "u06", "u09"]);
    const second = (await (
      await json("GET", `/api/segments/pro/members?limit=4&cursor=${first.nextCursor}`)
    ).json()) as { members: Array<{ profileId: string }> };
    expect(second.members[0]?.profileId).toBe("u12");
    const csv = await json("GET", "/api/segments/pro/members?format=csv");
    expect(csv.headers.get("content-type")).toContain("text/csv");
    expect((await csv.text()).trim().split("\n")).toHaveLength(11);
    await svc.refresh();
    const h = (await (await json("GET", "/api/segments/pro/history?limit=2")).json()) as {
      changes: Array<Record<string, unknown>>;
      nextCursor: number;
    };
    expect(h.changes).toHaveLength(2);
    expect(h.changes[0]).toMatchObject({
      change: "entered",
      reason: 'trait plan: plan is "pro"',
      cause: "trait changed",
    });
    const x = (await (await json("GET", "/api/profiles/u03/explain?segment=buyers")).json()) as {
      member: boolean;
      tree: { children: Array<{ detail: string }> };
    };
    expect(x.member).toBe(true);
    expect(x.tree.children[0]?.detail).toBe("count 3 ≥ 3");
    expect((await json("GET", "/api/profiles/u03/explain")).status).toBe(400);
    expect((await json("GET", "/api/profiles/nobody/explain?segment=buyers")).status).toBe(404);
  });

  it("computed traits: define, list, use as $name", async () => {
    const r = await json("POST", "/api/computed-traits", { name: "orders", event: "Order Completed", fn: "count" });
    expect(r.status).toBe(201);
    const list = (await (await json("GET", "/api/computed-traits")).json()) as {
      computedTraits: Array<{ name: string }>;
    };
    expect(list.computedTraits.map((t) => t.name)).toEqual(["orders"]);
    const p = (await (await json("POST", "/api/segments/preview", { dsl: "$orders >= 3" })).json()) as { size: number };
    expect(p.size).toBe(7);
    const bad = await json("POST", "/api/computed-traits", { name: "x y", event: "A", fn: "median" });
    expect(bad.status).toBe(400);
  });
});
