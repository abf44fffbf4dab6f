import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SegmentLift } from "../../src/measure/index.js";
import { holdoutLift } from "../../src/measure/index.js";
import type { Holdout } from "../../src/model/index.js";
import { bucketOf } from "../../src/model/index.js";
import type { DuckDBStore } from "../../src/store/index.js";
import {
  type ApiError,
  D0,
  DAY,
  type EventSpec,
  getJson,
  jsonInit,
  measureApp,
  openStore,
  writeEvents,
  writeSegment,
} from "./engine-fixtures.js";

type HoldoutBody = { holdout: Holdout | null };

/**
 * A campaign measured end to end. Segment "engaged" = signed up (evaluated by the batch engine: the memberships
 * table is empty), holdout 20 % (salt "spring"). The campaign ("Campaign Sent") goes to activated members only; a
 * member converts with probability 0.30 after it and 0.15 without it (a uniform draw from an independent salted
 * hash), so the true lift is +0.15 absolute, +100 % relative.
 */
describe("holdout lift of a campaign, end to end", () => {
  let store: DuckDBStore;
  const N = 3000;
  const holdout = { percent: 20, salt: "spring" };
  const expected = { treated: { n: 0, successes: 0 }, holdout: { n: 0, successes: 0 } };
  beforeAll(async () => {
    store = await openStore();
    const ids = Array.from({ length: N }, (_, i) => `u${i}`);
    const events: EventSpec[] = [];
    for (const id of ids) {
      events.push({ profile: id, event: "Signed Up", ts: D0 - 30 * DAY });
      const held = bucketOf(holdout.salt, id) < holdout.percent;
      if (!held) events.push({ profile: id, event: "Campaign Sent", ts: D0 + DAY });
      const u = bucketOf("conversion-draw", id) / 100;
      const converts = u < (held ? 0.15 : 0.3);
      if (converts)
        events.push({ profile: id, event: "Order Completed", ts: D0 + 3 * DAY, properties: { revenue: 40 } });
      const g = held ? expected.holdout : expected.treated;
      g.n++;
      if (converts) g.successes++;
    }
    // Non-members never count: a profile without "Signed Up" that orders.
    events.push({ profile: "stranger", event: "Order Completed", ts: D0 + 2 * DAY, properties: { revenue: 10 } });
    await writeEvents(store, [...ids, "stranger"], events);
    await writeSegment(store, { id: "engaged", name: "Engaged", definition: { performed: "Signed Up" }, holdout });
  });
  afterAll(() => store.close());

  it("splits members by the holdout hash and finds the lift with a CI above 0", async () => {
    const app = measureApp(store);
    const { status, body } = await getJson<SegmentLift>(
      app,
      `/api/segments/engaged/lift?from=${D0}&to=${D0 + 14 * DAY}`,
    );
    expect(status).toBe(200);
    expect(body.source).toBe("evaluated");
    expect(body.treated.n).toBe(expected.treated.n);
    expect(body.control.n).toBe(expected.holdout.n);
    expect(body.treated.conversions).toBe(expected.treated.successes);
    expect(body.control.conversions).toBe(expected.holdout.successes);
    expect(body.treated.n + body.control.n).toBe(N);
    // About 20 % held out (binomial sd ≈ 0.7 pp at n = 3000).
    expect(body.control.n / N).toBeGreaterThan(0.17);
    expect(body.control.n / N).toBeLessThan(0.23);
    const ref = holdoutLift(expected.treated, expected.holdout);
    expect(body.lift.absolute.value).toBeCloseTo(ref.absolute.value, 14);
    expect(body.lift.absolute.value).toBeGreaterThan(0.1);
    expect(body.lift.absolute.ci95[0]).toBeGreaterThan(0);
    expect(body.lift.relative?.value).toBeGreaterThan(0.5);
    expect(body.lift.relative?.ci95[0]).toBeGreaterThan(0);
    expect(body.lift.pValue).toBeLessThan(1e-6);
    expect(body.revenuePerMember?.diff.value).toBeCloseTo(40 * ref.absolute.value, 9);
  });

  it("carries the lift in the segment's KPIs", async () => {
    const { body } = await getJson<{ lift: SegmentLift | null; totals: { buyers: number } }>(
      measureApp(store),
      `/api/segments/engaged/kpis?from=${D0}&to=${D0 + 14 * DAY}`,
    );
    expect(body.lift?.treated.conversions).toBe(expected.treated.successes);
    expect(body.totals.buyers).toBe(expected.treated.successes + expected.holdout.successes);
  });

  it("uses the memberships table when it has the segment, and the global holdout on request", async () => {
    const app = measureApp(store);
    const noGlobal = await getJson<ApiError>(
      app,
      `/api/segments/engaged/lift?against=global&from=${D0}&to=${D0 + 14 * DAY}`,
    );
    expect(noGlobal.status).toBe(400);
    expect(noGlobal.body.error.code).toBe("no_holdout");
    const put = await getJson<HoldoutBody>(
      app,
      "/api/holdout/global",
      jsonInit("PUT", { percent: 10, salt: "global" }),
    );
    expect(put.status).toBe(200);
    expect((await getJson<HoldoutBody>(app, "/api/holdout/global")).body.holdout).toEqual({
      percent: 10,
      salt: "global",
    });
    const badPut = await getJson<ApiError>(app, "/api/holdout/global", jsonInit("PUT", { percent: 120, salt: "g" }));
    expect(badPut.status).toBe(400);
    expect(badPut.body.error.code).toBe("invalid_holdout");
    // Only the first 1000 profiles are current members in the memberships table.
    await store.run(
      "INSERT INTO membership_base SELECT 'engaged', profile_id, 1, 0, 'test' FROM profiles WHERE profile_id <> 'stranger' AND CAST(substr(profile_id, 2) AS INTEGER) < 1000",
    );
    const { body } = await getJson<SegmentLift>(
      app,
      `/api/segments/engaged/lift?against=global&from=${D0}&to=${D0 + 14 * DAY}`,
    );
    expect(body.source).toBe("memberships");
    const members = Array.from({ length: 1000 }, (_, i) => `u${i}`);
    const inSeg = (id: string) => bucketOf("spring", id) < 20;
    const inGlobal = (id: string) => bucketOf("global", id) < 10;
    expect(body.control.n).toBe(members.filter((id) => !inSeg(id) && inGlobal(id)).length);
    expect(body.excluded).toBe(members.filter(inSeg).length);
    expect(body.treated.n).toBe(members.filter((id) => !inSeg(id) && !inGlobal(id)).length);
  });
});
