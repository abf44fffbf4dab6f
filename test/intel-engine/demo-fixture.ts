import { generateDemo } from "../../src/demo/index.js";
import { DuckDBStore } from "../../src/store/index.js";

/** End of the demo window and the instant every refresh in these tests is taken at. */
export const END = Date.parse("2026-06-01T00:00:00Z");

/** A 3,000-profile, 180-day demo (seed 7) in an in-memory store. */
export async function demoStore(profiles = 3000): Promise<DuckDBStore> {
  const store = await DuckDBStore.open({ dataDir: null });
  await generateDemo(store, { profiles, days: 180, end: END, seed: 7 });
  return store;
}

/** Purchases pulled independently of the engine: properties parsed by JSON.parse, in (profile, ts, seq) order. */
export async function purchasesByHand(store: DuckDBStore, asOf: number) {
  const rows = await store.all<{ p: string; ts: number; props: string }>(
    "SELECT profile_id AS p, ts, properties AS props FROM events WHERE event = 'Order Completed' AND ts <= $1 ORDER BY profile_id, ts, seq",
    [asOf],
  );
  return rows.map((r) => {
    const props = JSON.parse(r.props) as { revenue: number; order_id: string };
    return { customer: r.p, at: r.ts, amount: props.revenue, order: props.order_id };
  });
}

/** Stored values of one computed trait, parsed. */
export async function storedTrait<T>(store: DuckDBStore, name: string): Promise<Map<string, T>> {
  const rows = await store.all<{ p: string; v: string }>(
    "SELECT profile_id AS p, value AS v FROM computed_traits WHERE name = $1",
    [name],
  );
  return new Map(rows.map((r) => [r.p, JSON.parse(r.v) as T]));
}
