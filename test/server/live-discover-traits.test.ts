import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

const T0 = Date.parse("2026-05-01T00:00:00Z");
const AS_OF = T0 + 86_400_000;

/** 24 profiles: two well-separated spend groups, and a review each (unhappy in the low group, happy in the high). */
function messages(): unknown[] {
  const batch: unknown[] = [];
  for (let i = 0; i < 24; i++) {
    const userId = `u${String(i).padStart(2, "0")}`;
    const high = i % 2 === 1;
    const at = (k: number) => new Date(T0 + i * 60_000 + k * 1_000).toISOString();
    batch.push({ type: "identify", userId, traits: { spend: high ? 1_000 + i : 10 + i }, timestamp: at(0) });
    batch.push({
      type: "track",
      userId,
      event: "Review Submitted",
      properties: { text: high ? "great product, I love it, wonderful" : "terrible, broken and awful" },
      timestamp: at(1),
    });
  }
  return batch;
}

/**
 * Discovery (`$cluster`, `$sentiment`) and computed-trait definitions write computed traits outside the event log:
 * the server hands each rewrite to the live evaluator, so realtime segments reading them are right at once (no batch refresh, no restart), and a
 * saved cluster segment is live from the moment it is created.
 */
describe("live segments on computed traits written outside the event log", () => {
  let t: TestServer;
  const members = async (segment: string) =>
    (
      await t.server.store.all<{ profile_id: string }>(
        "SELECT profile_id FROM memberships WHERE segment_id = $1 ORDER BY profile_id",
        [segment],
      )
    ).map((r) => r.profile_id);
  const causes = async (segment: string) =>
    (
      await t.server.store.all<{ cause: string }>(
        "SELECT DISTINCT cause FROM membership_log WHERE segment_id = $1 ORDER BY cause",
        [segment],
      )
    ).map((r) => r.cause);
  const odd = Array.from({ length: 12 }, (_, k) => `u${String(2 * k + 1).padStart(2, "0")}`);
  const even = Array.from({ length: 12 }, (_, k) => `u${String(2 * k).padStart(2, "0")}`);

  /** Creates a realtime segment through the API; it starts empty (the computed trait is not there yet). */
  const realtimeSegment = async (id: string, definition: unknown) => {
    const created = await t.api("/api/segments", {
      method: "POST",
      body: JSON.stringify({ id, name: id, definition, refresh: "realtime" }),
    });
    expect(created.status).toBe(201);
    expect(await members(id)).toEqual([]);
  };

  beforeAll(async () => {
    t = await startTestServer();
    const r = await t.post("/v1/batch", { batch: messages() });
    expect(r.status).toBe(200);
  }, 30_000);
  afterAll(() => t.stop());

  it("a sentiment refresh moves a realtime `$sentiment` segment at once", async () => {
    await realtimeSegment("unhappy", { trait: "$sentiment.label", op: "eq", value: "negative" });
    const r = await t.api("/api/discover/sentiment/refresh", { method: "POST", body: JSON.stringify({ asOf: AS_OF }) });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { negative: number }).negative).toBe(12);
    expect(await members("unhappy")).toEqual(even);
    expect(await causes("unhappy")).toEqual(["trait changed"]);
  });

  it("defining a computed trait moves a realtime `$` segment reading it at once", async () => {
    await realtimeSegment("reviewers", { trait: "$reviews", op: "gte", value: 1 });
    const r = await t.api("/api/computed-traits", {
      method: "POST",
      body: JSON.stringify({ name: "reviews", event: "Review Submitted", fn: "count", asOf: AS_OF }),
    });
    expect(r.status).toBe(201);
    expect(await members("reviewers")).toEqual([...even, ...odd].sort());
  });

  it("a saved cluster is a live segment with the cluster's members, written by the stream", async () => {
    const r = await t.api("/api/discover/clusters", {
      method: "POST",
      body: JSON.stringify({ features: ["spend"], method: "kmeans", k: 2, asOf: AS_OF }),
    });
    expect(r.status).toBe(200);
    const run = (await r.json()) as { id: string; clusters: { id: number; size: number }[] };
    const high = await t.server.store.all<{ label: number }>(
      "SELECT DISTINCT CAST(json_extract(value, '$.' || $1) AS INTEGER) AS label FROM computed_traits WHERE name = 'cluster' AND profile_id = 'u01'",
      [run.id],
    );
    const label = high[0]!.label;
    const saved = await t.api(`/api/discover/runs/${run.id}/clusters/${label}/save`, {
      method: "POST",
      body: JSON.stringify({ id: "big-spenders" }),
    });
    expect(saved.status).toBe(201);
    expect(((await saved.json()) as { size: number }).size).toBe(12);
    expect(await members("big-spenders")).toEqual(odd);
  });
});
