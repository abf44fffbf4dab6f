import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DriftCheck, DriftMonitor } from "../../src/measure/index.js";
import { distributionShift, featureSample, psi } from "../../src/measure/index.js";
import type { DuckDBStore } from "../../src/store/index.js";
import {
  type ApiError,
  D0,
  DAY,
  getJson,
  jsonInit,
  measureApp,
  openStore,
  writeLog,
  writeSegment,
  writeTraits,
} from "./engine-fixtures.js";

type RunBody = { checks: DriftCheck[] };
type OutboxRow = { idempotency_key: string; payload: string; destination: string; kind: string; status: string };

describe("categorical PSI", () => {
  it("matches a hand computation and agrees with the numeric PSI on integer codes", () => {
    // Expected shares a .5 / b .5, actual a .25 / b .75: PSI = (.25 − .5)·ln(.25/.5) + (.75 − .5)·ln(.75/.5)
    // = 0.25·ln 2 + 0.25·ln 1.5 = 0.27465307216702745 (by hand).
    const r = distributionShift(featureSample(['"a"', '"b"']), featureSample(['"a"', '"b"', '"b"', '"b"']));
    expect(r.kind).toBe("categorical");
    expect(r.psi).toBeCloseTo(0.25 * Math.LN2 + 0.25 * Math.log(1.5), 14);
    expect(r.level).toBe("alert");
    const n = distributionShift(featureSample(["1", "2", "3", "4"]), featureSample(["1", "2", "3", "4"]));
    expect(n.kind).toBe("numeric");
    expect(n.psi).toBe(psi([1, 2, 3, 4], [1, 2, 3, 4]).psi);
    expect(featureSample(["1", null, '"x"']).kind).toBe("categorical");
  });
});

/**
 * Segment "shoppers": 100 members on D0 (age 20–39), 100 more join on D0+7½ with ages 60–79 (composition shift),
 * so between D0+1 and D0+8 the size doubles and the age distribution moves half its mass to a new range.
 */
describe("drift monitors raise alerts through the outbox", () => {
  let store: DuckDBStore;
  const at = D0 + 8 * DAY;
  beforeAll(async () => {
    store = await openStore();
    await writeSegment(store, { id: "shoppers", name: "Shoppers", definition: { trait: "age", op: "exists" } });
    const log: { profile: string; change: "entered"; at: number }[] = [];
    const traits: { profile: string; key: string; value: unknown; ts: number }[] = [];
    for (let i = 0; i < 200; i++) {
      const joined = i < 100 ? D0 : D0 + 7.5 * DAY;
      log.push({ profile: `p${i}`, change: "entered", at: joined });
      traits.push({ profile: `p${i}`, key: "age", value: i < 100 ? 20 + (i % 20) : 60 + (i % 20), ts: joined });
    }
    await writeLog(store, "shoppers", log);
    await writeTraits(store, traits);
  });
  afterAll(() => store.close());

  it("alerts on a size change and a composition shift, once per period", async () => {
    const app = measureApp(store);
    for (const m of [
      { id: "shoppers-size", kind: "segment_size", segment: "shoppers", periodDays: 7 },
      { id: "shoppers-age", kind: "segment_trait", segment: "shoppers", trait: "age", periodDays: 7, bins: 10 },
    ]) {
      const r = await getJson<DriftMonitor>(app, "/api/drift/monitors", jsonInit("POST", m));
      expect(r.status).toBe(201);
    }
    expect((await getJson<{ monitors: DriftMonitor[] }>(app, "/api/drift/monitors")).body.monitors).toHaveLength(2);
    const run = await getJson<RunBody>(app, "/api/drift/run", jsonInit("POST", { at }));
    expect(run.status).toBe(200);
    const byId = new Map(run.body.checks.map((c) => [c.monitor, c]));
    const size = byId.get("shoppers-size");
    expect(size).toMatchObject({ sizeBefore: 100, sizeAfter: 200, sizeChange: 1, level: "alert", alerted: true });
    const age = byId.get("shoppers-age")!;
    // Reference: ages 20–39 in 10 quantile bins; now half the members fall in the top bin [38, ∞) with ages 60–79:
    // the same PSI the library gives for these two samples.
    const ref = psi(
      Array.from({ length: 100 }, (_, i) => 20 + (i % 20)),
      Array.from({ length: 200 }, (_, i) => (i < 100 ? 20 + (i % 20) : 60 + (i % 20))),
      10,
    );
    expect(age.psi).toBeCloseTo(ref.psi, 12);
    expect(age.level).toBe("alert");
    expect(age.alerted).toBe(true);
    const outbox = await store.all<OutboxRow>("SELECT * FROM outbox ORDER BY seq");
    expect(outbox).toHaveLength(2);
    const iso = new Date(at).toISOString();
    expect(outbox.map((r) => r.idempotency_key).sort()).toEqual([`shoppers-age:${iso}`, `shoppers-size:${iso}`]);
    for (const r of outbox) {
      expect(r).toMatchObject({ destination: "*", kind: "alert", status: "pending", attempts: 0 });
      const payload = JSON.parse(r.payload);
      expect(payload.level).toBe("alert");
      expect(payload.monitor).toBe(r.idempotency_key.split(":")[0]);
    }
    expect(JSON.parse(outbox.find((r) => r.idempotency_key.startsWith("shoppers-age"))!.payload).psi).toBeCloseTo(
      ref.psi,
      12,
    );
    // The same period again: no second alert.
    const again = await getJson<RunBody>(app, "/api/drift/run", jsonInit("POST", { at }));
    expect(again.body.checks.every((c) => c.alerted === false)).toBe(true);
    expect(await store.all("SELECT * FROM outbox")).toHaveLength(2);
    const alerts = await getJson<{ alerts: object[] }>(app, "/api/drift/alerts");
    expect(alerts.body.alerts).toHaveLength(2);
    // A quiet period (D0+0.25 → D0+7.25: nobody joined) stays ok and alerts nothing.
    const quiet = await getJson<RunBody>(
      app,
      "/api/drift/run",
      jsonInit("POST", { at: D0 + 7.25 * DAY, monitors: ["shoppers-size"] }),
    );
    expect(quiet.body.checks).toHaveLength(1);
    expect(quiet.body.checks[0]).toMatchObject({ level: "ok", sizeChange: 0, alerted: false });
  });

  it("compares a computed trait (a model score) with the previous run's snapshot", async () => {
    const app = measureApp(store);
    const m = { id: "churn-score", kind: "computed_trait", trait: "churn.risk", notifyOn: "watch" };
    expect((await getJson(app, "/api/drift/monitors", jsonInit("POST", m))).status).toBe(201);
    const scores = (f: (i: number) => number) =>
      Array.from({ length: 500 }, (_, i) => `('p${i}', 'churn.risk', '${f(i)}', 1, ${D0})`).join(", ");
    await store.run(`INSERT INTO computed_traits VALUES ${scores((i) => i / 500)}`);
    const first = await getJson<RunBody>(
      app,
      "/api/drift/run",
      jsonInit("POST", { at: D0 + DAY, monitors: ["churn-score"] }),
    );
    expect(first.body.checks[0]).toMatchObject({ level: "ok", psi: null, alerted: false, actualN: 500 });
    // The model is retrained: every score moves up by 0.3 (clipped at 1).
    await store.run("DELETE FROM computed_traits WHERE name = 'churn.risk'");
    await store.run(`INSERT INTO computed_traits VALUES ${scores((i) => Math.min(1, i / 500 + 0.3))}`);
    const second = await getJson<RunBody>(
      app,
      "/api/drift/run",
      jsonInit("POST", { at: D0 + 2 * DAY, monitors: ["churn-score"] }),
    );
    const c = second.body.checks[0]!;
    const before = Array.from({ length: 500 }, (_, i) => i / 500);
    const after = Array.from({ length: 500 }, (_, i) => Math.min(1, i / 500 + 0.3));
    expect(c.psi).toBeCloseTo(psi(before, after, 10).psi, 12);
    expect(c.level).toBe("alert");
    expect(c.alerted).toBe(true);
    const keys = (await store.all<{ k: string }>("SELECT idempotency_key AS k FROM outbox")).map((r) => r.k);
    expect(keys).toContain(`churn-score:${new Date(D0 + 2 * DAY).toISOString()}`);
  });

  it("rejects invalid monitors and unknown monitor ids", async () => {
    const app = measureApp(store);
    const bad = await getJson<ApiError>(
      app,
      "/api/drift/monitors",
      jsonInit("POST", { id: "x", kind: "segment_size" }),
    );
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe("invalid_monitor");
    const unknown = await getJson<ApiError>(app, "/api/drift/run", jsonInit("POST", { monitors: ["nope"] }));
    expect(unknown.status).toBe(404);
  });
});
