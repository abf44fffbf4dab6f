import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DemoSummary, generateDemo } from "../../src/demo/index.js";
import type { EngineAttribution, EngineJourneys, Experiment, ExperimentReadout } from "../../src/measure/index.js";
import { bucketOf } from "../../src/model/index.js";
import type { DuckDBStore } from "../../src/store/index.js";
import { type ApiError, DAY, getJson, jsonInit, measureApp, openStore } from "./engine-fixtures.js";

/**
 * The demo workspace's checkout_v2 experiment read out of a real DuckDB store. The generator multiplies
 * P(order | checkout started) by 1.2 for exposed treatment profiles and counts the ground truth while generating
 * (DemoSummary.experiment), which the engine's counts must reproduce exactly.
 */
describe("demo experiment (5,000 profiles, 90 days)", () => {
  let store: DuckDBStore;
  let demo: DemoSummary;
  const end = Date.UTC(2026, 0, 1);
  beforeAll(async () => {
    store = await openStore();
    demo = await generateDemo(store, { profiles: 5000, days: 90, end, seed: 7 });
  });
  afterAll(() => store.close());

  const observed = "/api/experiments/observed?experiment=checkout_v2&conversion=Order%20Completed";

  it("reproduces the generator's exposures and conversions per arm", async () => {
    // A window longer than the data = "any order after exposure", the generator's own definition of converted.
    const { status, body } = await getJson<ExperimentReadout>(measureApp(store), `${observed}&windowDays=3650`);
    expect(status).toBe(200);
    const arm = (name: string) => body.arms.find((a) => a.name === name)!;
    expect(arm("control").units).toBe(demo.experiment.control.exposed);
    expect(arm("treatment").units).toBe(demo.experiment.treatment.exposed);
    expect(arm("control").converted).toBe(demo.experiment.control.converted);
    expect(arm("treatment").converted).toBe(demo.experiment.treatment.converted);
    expect(body.units.multipleVariants).toBe(0);
    const withCount = await getJson<ExperimentReadout>(measureApp(store), `${observed}&windowDays=3650&kind=mean`);
    expect(withCount.body.arms.find((a) => a.name === "treatment")?.total).toBe(demo.experiment.treatment.orders);
  });

  it("shows the real effect, triggered at checkout, with a 95% CI that excludes 0", async () => {
    const { body } = await getJson<ExperimentReadout>(
      measureApp(store),
      `${observed}&windowDays=14&trigger=Checkout%20Started`,
    );
    const p = body.analysis.proportion!;
    expect(body.analysis.control).toBe("control");
    expect(p.diff.value).toBeGreaterThan(0);
    expect(p.diff.ci95[0]).toBeGreaterThan(0);
    expect(p.z.pValue).toBeLessThan(0.01);
    // The designed effect is ×1.2 on the per-checkout order rate; the per-profile rate moves less (capped, repeat checkouts).
    expect(p.relativeLift).toBeGreaterThan(0.03);
    expect(p.relativeLift).toBeLessThan(0.3);
    expect(body.units.notTriggered).toBeGreaterThan(0);
  });

  it("a stored experiment with event assignment gives the same read-out as the observed one", async () => {
    const app = measureApp(store);
    const created = await getJson<Experiment>(
      app,
      "/api/experiments",
      jsonInit("POST", {
        id: "checkout_v2",
        name: "Checkout v2",
        variants: [
          { name: "control", weight: 50 },
          { name: "treatment", weight: 50 },
        ],
        exposureEvent: "Experiment Viewed",
        assignment: "event",
        trigger: "Checkout Started",
        start: "2025-01-01",
        metric: { event: "Order Completed", kind: "proportion", windowDays: 14 },
      }),
    );
    expect(created.status).toBe(201);
    expect(created.body.version).toBe(1);
    const listed = await getJson<{ experiments: Experiment[] }>(app, "/api/experiments");
    expect(listed.body.experiments.map((e) => e.id)).toEqual(["checkout_v2"]);
    const stored = await getJson<ExperimentReadout>(app, "/api/experiments/checkout_v2/results");
    const obs = await getJson<ExperimentReadout>(app, `${observed}&windowDays=14&trigger=Checkout%20Started`);
    expect(stored.status).toBe(200);
    expect(stored.body.arms).toEqual(obs.body.arms);
    expect(stored.body.analysis.proportion?.diff).toEqual(obs.body.analysis.proportion?.diff);
  });

  it("a bucket-assigned experiment splits by the salted hash and its weights (no effect: an A/A test)", async () => {
    const app = measureApp(store);
    const def = {
      id: "aa_test",
      variants: [
        { name: "a", weight: 1 },
        { name: "b", weight: 3 },
      ],
      salt: "aa",
      start: end - 30 * DAY,
      metric: { event: "Order Completed", kind: "proportion", windowDays: 30 },
    };
    expect((await getJson(app, "/api/experiments", jsonInit("POST", def))).status).toBe(201);
    const { body } = await getJson<ExperimentReadout>(app, "/api/experiments/aa_test/results");
    // No exposure event: every profile is a unit (exposed at the start).
    const profiles = await store.all<{ profile_id: string }>("SELECT profile_id FROM profiles");
    const inA = profiles.filter((p) => bucketOf("aa", p.profile_id) < 25).length;
    expect(body.arms.find((a) => a.name === "a")?.units).toBe(inA);
    expect(body.arms.find((a) => a.name === "b")?.units).toBe(profiles.length - inA);
    // The expected split is 1:3, so no sample-ratio mismatch.
    expect(body.analysis.srm.pValue).toBeGreaterThan(0.001);
    const one = profiles[0]!.profile_id;
    const asg = await getJson<{ variant: string }>(app, `/api/experiments/aa_test/assignment?profile=${one}`);
    expect(asg.body.variant).toBe(bucketOf("aa", one) < 25 ? "a" : "b");
  });

  it("rejects invalid experiments with a path and unknown ones with 404", async () => {
    const app = measureApp(store);
    const bad = await getJson<ApiError>(
      app,
      "/api/experiments",
      jsonInit("POST", {
        id: "x",
        variants: [{ name: "a", weight: 1 }],
        metric: { event: "E", kind: "proportion", windowDays: 7 },
      }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_experiment");
    expect(bad.body.error.message).toContain("variants");
    const missing = await getJson<ApiError>(app, "/api/experiments/nope/results");
    expect(missing.status).toBe(404);
    const noExp = await getJson<ApiError>(app, "/api/experiments/observed?conversion=Order%20Completed");
    expect(noExp.status).toBe(400);
    expect(noExp.body.error.message).toContain("experiment");
    const unseen = await getJson<ApiError>(app, "/api/experiments/observed?experiment=never_ran");
    expect(unseen.status).toBe(404);
    expect(unseen.body.error.code).toBe("experiment_not_observed");
  });

  it("attributes the demo's orders to campaign channels, and funnels the journeys", async () => {
    const app = measureApp(store);
    const { body } = await getJson<EngineAttribution>(
      app,
      "/api/attribution?touch=Campaign%20Touch&channelProperty=channel&conversion=Order%20Completed",
    );
    const orders = await store.all<{ n: number }>("SELECT count(*) AS n FROM events WHERE event = 'Order Completed'");
    // Every order is a conversion: attributed to a journey or counted as unattributed.
    expect(body.totalConversions + body.unattributedConversions).toBe(orders[0]!.n);
    const markov = body.channels.reduce((s: number, c) => s + c.markov, 0);
    const last = body.channels.reduce((s: number, c) => s + c.lastTouch, 0);
    expect(markov).toBeCloseTo(body.totalConversions, 6);
    expect(last).toBeCloseTo(body.totalConversions, 9);
    expect(body.channels.map((c) => c.channel)).toContain("email");
    const j = await getJson<EngineJourneys>(
      app,
      `/api/journeys?funnel=Product%20Viewed>Product%20Added>Checkout%20Started>Order%20Completed&window=7d&from=${end - 14 * DAY}&to=${end}&depth=3`,
    );
    expect(j.status).toBe(200);
    const counts = (j.body.funnel ?? []).map((s) => s.count);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThanOrEqual(counts[i - 1]!);
    expect(counts[3]).toBeGreaterThan(0);
    expect(j.body.sankey.nodes.length).toBeGreaterThan(0);
  });
});
