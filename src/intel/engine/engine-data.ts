import type { Queryable } from "../../store/index.js";

/** The purchase event of the demo and of `tessera import transactions`: properties revenue and order_id. */
export const PURCHASE_EVENT = "Order Completed";

/** One purchase row read from the store, in (profile, time, arrival) order. */
export interface StoredPurchase {
  customer: string;
  at: number;
  amount: number;
  order: string;
}

/**
 * Purchases with a numeric revenue at or before `asOf`, ordered by profile id, time and arrival: the order every
 * downstream fit sees, so a refresh is reproducible to the last bit.
 */
export async function loadPurchases(db: Queryable, asOf: number): Promise<StoredPurchase[]> {
  const rows = await db.all<{ p: string; ts: number; o: string | null; r: number; seq: number }>(
    `SELECT profile_id AS p, ts, seq, json_extract_string(properties, '$.order_id') AS o,
       CAST(json_extract(properties, '$.revenue') AS DOUBLE) AS r
     FROM events WHERE event = $1 AND ts <= $2 AND profile_id IS NOT NULL
       AND json_type(json_extract(properties, '$.revenue')) IN ('DOUBLE', 'BIGINT', 'UBIGINT')
     ORDER BY profile_id, ts, seq`,
    [PURCHASE_EVENT, asOf],
  );
  return rows.map((r) => ({ customer: r.p, at: r.ts, amount: r.r, order: r.o ?? `seq-${r.seq}` }));
}

/** Profiles seen at or before `asOf` (any event), ordered by id: the population every trait is written for. */
export async function loadPopulation(db: Queryable, asOf: number): Promise<string[]> {
  const rows = await db.all<{ p: string }>(
    "SELECT DISTINCT profile_id AS p FROM events WHERE ts <= $1 AND profile_id IS NOT NULL ORDER BY p",
    [asOf],
  );
  return rows.map((r) => r.p);
}

/** (profile, product) pairs of every purchased product line at or before `asOf` (properties.products[].product_id). */
export async function loadProductPairs(db: Queryable, asOf: number): Promise<{ customer: string; item: string }[]> {
  const rows = await db.all<{ p: string; i: string }>(
    `SELECT p, i FROM (SELECT profile_id AS p, unnest(json_extract_string(properties, '$.products[*].product_id')) AS i, ts, seq
       FROM events WHERE event = $1 AND ts <= $2 AND profile_id IS NOT NULL) q WHERE i IS NOT NULL ORDER BY p, ts, seq, i`,
    [PURCHASE_EVENT, asOf],
  );
  return rows.map((r) => ({ customer: r.p, item: r.i }));
}

/** Per profile and channel: messages sent, and distinct messages (campaign ids) opened or clicked, at or before `asOf`. */
export async function loadChannelStats(
  db: Queryable,
  asOf: number,
): Promise<{ profile: string; channel: string; sends: number; engagements: number }[]> {
  return db.all(
    `SELECT profile_id AS profile, channel, count(*) FILTER (WHERE event = 'Message Sent') AS sends,
       count(DISTINCT CASE WHEN event <> 'Message Sent' THEN coalesce(campaign, CAST(seq AS VARCHAR)) END) AS engagements
     FROM (SELECT profile_id, event, seq, json_extract_string(properties, '$.channel') AS channel,
             json_extract_string(properties, '$.campaign_id') AS campaign
           FROM events WHERE event IN ('Message Sent', 'Message Opened', 'Message Clicked') AND ts <= $1
             AND profile_id IS NOT NULL) q
     WHERE channel IS NOT NULL GROUP BY profile_id, channel ORDER BY profile_id, channel`,
    [asOf],
  );
}

/**
 * Σ 0.5^((asOf − ts) / halfLife) per profile and event name, for the given names, over events at or before asOf: the
 * decayed event counts a lead score is a weighted sum of.
 */
export async function loadDecayedCounts(
  db: Queryable,
  asOf: number,
  events: readonly string[],
  halfLifeMs: number | undefined,
): Promise<{ profile: string; event: string; w: number }[]> {
  if (events.length === 0) return [];
  const names = events.map((_, i) => `$${i + 3}`).join(", ");
  const weight = halfLifeMs === undefined ? "1.0" : "pow(0.5, CAST($1 - ts AS DOUBLE) / $2)";
  return db.all(
    `SELECT profile_id AS profile, event, sum(${weight}) AS w FROM events
     WHERE ts <= $1 AND event IN (${names}) AND profile_id IS NOT NULL AND $2 > 0 GROUP BY 1, 2 ORDER BY 1, 2`,
    [asOf, halfLifeMs ?? 1, ...events],
  );
}
