import { Hono } from "hono";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemo } from "../../src/demo/index.js";
import {
  type ClusterRun,
  fitClusters,
  gatherFeatures,
  matrix,
  type PowerMatrix,
  type RunSummary,
  SENTIMENT_SOURCES,
  type SentimentRefresh,
  sentiment,
} from "../../src/discover/index.js";
import { SegmentService } from "../../src/segments/index.js";
import { errorResponse } from "../../src/server/index.js";
import { discoverRoutes } from "../../src/server/routes/discover-routes.js";
import { DuckDBStore } from "../../src/store/index.js";

const END = Date.UTC(2026, 5, 1);
const AS_OF = END;

async function call<T>(app: Hono, method: string, url: string, body?: unknown): Promise<{ status: number; body: T }> {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.headers = { "content-type": "application/json" };
    init.body = JSON.stringify(body);
  }
  const r = await app.request(url, init);
  return { status: r.status, body: (await r.json()) as T };
}

describe("discover engine over a 1,200-profile demo workspace", () => {
  let store: DuckDBStore;
  let app: Hono;
  beforeAll(async () => {
    store = await DuckDBStore.open({ dataDir: null });
    await generateDemo(store, { profiles: 1200, days: 120, end: END, seed: 11 });
    app = new Hono();
    app.onError((err, c) => errorResponse(c, err));
    app.route("/api", discoverRoutes(store));
  }, 60_000);
  afterAll(() => store.close());

  const features = ["orders_90d", "revenue_90d", "sessions_30d"];
  let run: ClusterRun;

  it("clusters profiles: sizes sum to the profiles used and metrics equal fitClusters on the same matrix", async () => {
    const r = await call<ClusterRun>(app, "POST", "/api/discover/clusters", {
      features,
      method: "kmeans",
      k: 3,
      transform: ["log1p", "zscore"],
      asOf: AS_OF,
    });
    expect(r.status).toBe(200);
    run = r.body;
    expect(run.k).toBe(3);
    expect(run.clusters).toHaveLength(3);
    expect(run.clusters.reduce((s, c) => s + c.size, 0)).toBe(run.used);
    // Event aggregates are 0 for profiles without events, so every profile is used.
    const rows = await gatherFeatures(store, features, AS_OF);
    expect(run.used + run.dropped).toBe(rows.ids.length);
    expect(run.dropped).toBe(0);
    const X = matrix(Float64Array.from(rows.values.flat() as number[]), rows.ids.length, features.length);
    const direct = await fitClusters(X, features, 3, { method: "kmeans", transforms: ["log1p", "zscore"], seed: 42 });
    expect(run.quality.inertia).toBe(direct.fit.inertia);
    expect(run.quality.silhouette).toBe(direct.fit.silhouette);
    expect(run.quality.daviesBouldin).toBe(direct.fit.daviesBouldin);
    expect(run.quality.calinskiHarabasz).toBe(direct.fit.calinskiHarabasz);
    expect(run.clusters.map((c) => c.size)).toEqual(direct.fit.sizes);
    expect(run.points.length).toBe(Math.min(3000, run.used));
    expect(run.clusters[0]?.definition).toEqual({ trait: `$cluster.${run.id}`, op: "eq", value: 0 });
    // The page opens the builder with a cluster's definition before any save: it must already select the cluster.
    const svc = new SegmentService(store, () => AS_OF);
    for (const c of run.clusters) expect((await svc.evaluate(c.definition)).size).toBe(c.size);
    // Independent check of one aggregate: orders in the 90 days up to asOf, by plain SQL.
    const [o] = await store.all<{ n: number }>(
      "SELECT count(*)::INTEGER AS n FROM events WHERE event = 'Order Completed' AND ts <= $1 AND ts > $2",
      [AS_OF, AS_OF - 90 * 86_400_000],
    );
    expect(rows.values.reduce((s, v) => s + (v[0] as number), 0)).toBe(o?.n);
  });

  it("scans k for the elbow, and ward returns a dendrogram", async () => {
    const r = await call<ClusterRun>(app, "POST", "/api/discover/clusters", {
      features: ["orders_90d", "sessions_30d"],
      method: "ward",
      kRange: [2, 5],
      transform: ["log1p"],
      sample: 600,
      asOf: AS_OF,
    });
    expect(r.status).toBe(200);
    expect(r.body.elbow?.map((e) => e.k)).toEqual([2, 3, 4, 5]);
    expect(r.body.used).toBe(600);
    expect(r.body.dendrogram?.size).toBe(600);
    expect(r.body.quality.copheneticCorrelation).toBeTypeOf("number");
    const runs = await call<{ runs: RunSummary[] }>(app, "GET", "/api/discover/runs");
    expect(runs.body.runs.map((x) => x.id).sort()).toEqual([run.id, r.body.id].sort());
    const got = await call<ClusterRun>(app, "GET", `/api/discover/runs/${run.id}`);
    expect(got.body.quality).toEqual(run.quality);
  });

  it("saves a cluster as a segment whose batch membership equals the cluster's members", async () => {
    const label = run.clusters.reduce((a, c) => (c.size < a.size ? c : a)).id;
    const r = await call<{ segment: { id: string; definition: unknown } }>(
      app,
      "POST",
      `/api/discover/runs/${run.id}/clusters/${label}/save`,
      { name: "Discovered" },
    );
    expect(r.status).toBe(201);
    const svc = new SegmentService(store, () => AS_OF);
    const seg = await svc.get(r.body.segment.id);
    const ev = await svc.evaluate(seg.definition, { members: true });
    expect(ev.size).toBe(run.clusters.find((c) => c.id === label)?.size);
    // The members computed independently: the stored assignment of the run, read from the trait by SQL.
    const rows = await store.all<{ profile_id: string }>(
      `SELECT profile_id FROM computed_traits WHERE name = 'cluster'
       AND json_extract(value, '$.${run.id}')::INTEGER = $1 ORDER BY profile_id`,
      [label],
    );
    expect(ev.members).toEqual(rows.map((x) => x.profile_id));
    const missing = await call<{ error: { code: string } }>(
      app,
      "POST",
      `/api/discover/runs/${run.id}/clusters/9/save`,
    );
    expect(missing.status).toBe(404);
  });

  it("ranks features by predictive power for a segment and for a trait target", async () => {
    const r = await call<PowerMatrix>(
      app,
      "GET",
      `/api/discover/attribute-power?target=${run.id}-${run.clusters.reduce((a, c) => (c.size < a.size ? c : a)).id},orders_30d&features=orders_90d,revenue_90d,sessions_30d,age&asOf=${AS_OF}`,
    );
    expect(r.status).toBe(200);
    expect(r.body.features).toEqual(["orders_90d", "revenue_90d", "sessions_30d", "age"]);
    expect(r.body.matrix).toHaveLength(4);
    for (const t of r.body.targets) {
      const ranked = r.body.ranked[t]!;
      expect(ranked).toHaveLength(4);
      for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.power).toBeGreaterThanOrEqual(ranked[i]!.power);
    }
    // The cluster was formed on these features, so one of them separates it better than age does.
    const seg = r.body.targets[0]!;
    expect(r.body.ranked[seg]![0]!.name).not.toBe("age");
    const bad = await call<{ error: { code: string } }>(app, "GET", "/api/discover/attribute-power?target=%24%24");
    expect(bad.status).toBe(400);
    const unknown = await call<{ error: { code: string } }>(app, "GET", "/api/discover/attribute-power?target=nosuch");
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe("discover_bad_target");
  });

  it("reads $computed.path features and trait features, dropping profiles that miss one", async () => {
    const ids = (await store.all<{ id: string }>("SELECT profile_id AS id FROM profiles ORDER BY profile_id")).map(
      (r) => r.id,
    );
    // Every third profile gets {a: i % 7}; the others miss the feature and must be dropped and counted.
    const rows = ids.flatMap((id, i) =>
      i % 3 === 0 ? [[id, "probe", JSON.stringify({ a: i % 7 }), 1, AS_OF] as const] : [],
    );
    await store.transaction((tx) => tx.append("computed_traits", rows));
    const [ages] = await store.all<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM (SELECT profile_id, arg_max(value, ts) AS v FROM trait_values
       WHERE key = 'age' AND ts <= $1 GROUP BY profile_id) WHERE json_type(v::JSON) IN ('BIGINT', 'UBIGINT', 'DOUBLE')`,
      [AS_OF],
    );
    expect(ages?.n).toBeGreaterThan(100);
    const r = await call<ClusterRun>(app, "POST", "/api/discover/clusters", {
      features: ["$probe.a"],
      method: "kmeans",
      k: 2,
      asOf: AS_OF,
    });
    expect(r.status).toBe(200);
    expect(r.body.used).toBe(rows.length);
    expect(r.body.dropped).toBe(ids.length - rows.length);
    const withAge = await call<ClusterRun>(app, "POST", "/api/discover/clusters", {
      features: ["age", "orders_90d"],
      method: "kmeans",
      k: 2,
      asOf: AS_OF,
    });
    expect(withAge.body.used).toBe(ages?.n);
    // Restricted to a segment: the members of the saved cluster segment only.
    const seg = `${run.id}-${run.clusters.reduce((a, c) => (c.size < a.size ? c : a)).id}`;
    const inSeg = await call<ClusterRun>(app, "POST", "/api/discover/clusters", {
      features,
      method: "kmeans",
      k: 2,
      segment: seg,
      asOf: AS_OF,
    });
    expect(inSeg.body.used).toBe(run.clusters.reduce((a, c) => (c.size < a.size ? c : a)).size);
  });

  it("answers the UI's parameterless attribute-power call with saved segments as targets", async () => {
    const r = await call<PowerMatrix>(app, "GET", `/api/discover/attribute-power?asOf=${AS_OF}`);
    expect(r.status).toBe(200);
    expect(r.body.targets.length).toBeGreaterThan(0);
    expect(r.body.features).toEqual(expect.arrayContaining(["orders_180d", "revenue_180d", "sessions_30d"]));
    expect(r.body.matrix).toHaveLength(r.body.features.length);
    for (const row of r.body.matrix) expect(row).toHaveLength(r.body.targets.length);
  });

  it("refreshes sentiment into a computed trait for every profile with a review or NPS comment", async () => {
    const r = await call<SentimentRefresh>(app, "POST", "/api/discover/sentiment/refresh", { asOf: AS_OF });
    expect(r.status).toBe(200);
    const texts = await store.all<{ profile_id: string; text: string }>(
      `SELECT profile_id, coalesce(json_extract_string(properties, '$.text'), json_extract_string(properties, '$.comment')) AS text
       FROM events WHERE event IN ($1, $2) AND ts <= $3`,
      [SENTIMENT_SOURCES[0].event, SENTIMENT_SOURCES[1].event, AS_OF],
    );
    const withText = new Set(texts.filter((t) => t.text?.trim()).map((t) => t.profile_id));
    expect(withText.size).toBeGreaterThan(50);
    expect(r.body.profiles).toBe(withText.size);
    const written = await store.all<{ profile_id: string; value: string }>(
      "SELECT profile_id, value FROM computed_traits WHERE name = 'sentiment' ORDER BY profile_id",
    );
    expect(written.map((w) => w.profile_id)).toEqual([...withText].sort());
    // One profile recomputed by hand from its texts.
    const first = written[0]!;
    const own = texts.filter((t) => t.profile_id === first.profile_id && t.text?.trim());
    const mean = own.reduce((s, t) => s + sentiment(t.text).comparative, 0) / own.length;
    const v = JSON.parse(first.value) as { comparative: number; label: string; texts: number };
    expect(v.comparative).toBeCloseTo(mean, 12);
    expect(v.texts).toBe(own.length);
  });

  it("answers coded 400s for bad input", async () => {
    const r = await call<{ error: { code: string; details: { path: unknown[] } } }>(
      app,
      "POST",
      "/api/discover/clusters",
      {
        features: ["orders_90d"],
        method: "dbscan",
      },
    );
    expect(r.status).toBe(400);
    expect(r.body.error.details.path).toEqual(["method"]);
    const nf = await call<{ error: { code: string } }>(app, "GET", "/api/discover/runs/nope");
    expect(nf.status).toBe(404);
  });
});
