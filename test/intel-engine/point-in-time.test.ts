import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FEATURES, featuresAt } from "../../src/intel/engine/point-in-time-features.js";
import { DAY_MS } from "../../src/model/index.js";
import type { DuckDBStore, SqlValue } from "../../src/store/index.js";
import { demoStore, END } from "./demo-fixture.js";

let store: DuckDBStore;
const cutoff = END - 90 * DAY_MS;

beforeAll(async () => {
  store = await demoStore(600);
}, 60_000);

afterAll(async () => {
  await store?.close();
});

/** Appends track events (profile, event, ts, properties) as the store's own rows. */
async function insertEvents(rows: [string, string, number, object][]): Promise<void> {
  const seq = await store.nextSeq("events", rows.length);
  const values: SqlValue[][] = rows.map(([p, event, ts, props], i) => [
    seq + i,
    `future-${seq + i}`,
    "test",
    "track",
    event,
    null,
    p,
    p,
    null,
    ts,
    ts,
    JSON.stringify(props),
    "{}",
    null,
    null,
  ]);
  await store.transaction((tx) => tx.append("events", values));
}

describe("point-in-time features", () => {
  it("never read events after the cut-off: inserting later events leaves them unchanged", async () => {
    const before = await featuresAt(store, cutoff);
    const nowBefore = await featuresAt(store, END);
    const someone = before.ids[0]!;
    const buyer = before.ids[before.buyer.indexOf(1)]!;
    await insertEvents([
      [someone, "Order Completed", cutoff + 1, { revenue: 1000, order_id: "future-1" }],
      [buyer, "Order Completed", cutoff + DAY_MS, { revenue: 50, order_id: "future-2" }],
      [buyer, "Product Viewed", cutoff + 1, { product_id: "p001" }],
      [someone, "Message Opened", cutoff + 2 * DAY_MS, { channel: "email" }],
      ["u-new-after-cutoff", "Product Added", cutoff + 5, { product_id: "p002" }],
    ]);
    const after = await featuresAt(store, cutoff);
    expect(after.ids).toEqual(before.ids);
    expect(Array.from(after.buyer)).toEqual(Array.from(before.buyer));
    expect(Array.from(after.X.data)).toEqual(Array.from(before.X.data));
    // The same events do show up for a later cut-off, so the comparison above can fail.
    const nowAfter = await featuresAt(store, END);
    expect(nowAfter.ids.length).toBe(nowBefore.ids.length + 1);
    expect(Array.from(nowAfter.X.data.subarray(0, 16))).not.toEqual(Array.from(nowBefore.X.data.subarray(0, 16)));
  });

  it("an event exactly at the cut-off belongs to it (windows are (t − D, t])", async () => {
    const before = await featuresAt(store, cutoff);
    const id = before.ids[1]!;
    await insertEvents([[id, "Product Viewed", cutoff, { product_id: "p003" }]]);
    const after = await featuresAt(store, cutoff);
    const i = after.ids.indexOf(id);
    const views7d = FEATURES.indexOf("views_7d");
    expect(after.X.data[i * after.X.cols + views7d]).toBe(before.X.data[i * before.X.cols + views7d]! + 1);
  });
});
