import { DAY_MS } from "../../model/index.js";
import type { Queryable } from "../../store/index.js";
import type { FeatureMatrix } from "../propensity/feature-matrix.js";
import { PURCHASE_EVENT } from "./engine-data.js";

/** Feature names, in column order. Counts are over the window named by the suffix, ending at the cut-off t. */
export const FEATURES = [
  "has_ordered",
  "days_since_last_order",
  "orders_total",
  "log_revenue_total",
  "orders_30d",
  "orders_90d",
  "views_7d",
  "views_30d",
  "adds_30d",
  "checkouts_30d",
  "pages_30d",
  "opens_30d",
  "clicks_30d",
  "days_since_last_event",
  "tenure_days",
  "subscriptions_cancelled",
] as const;

export interface PointInTimeFeatures {
  /** Profiles with at least one event at or before t, by id. */
  ids: string[];
  X: FeatureMatrix;
  /** Row i of X has an order at or before t. */
  buyer: Uint8Array;
}

/**
 * Per-profile behaviour aggregates as of the cut-off t, read only from events with ts ≤ t (the WHERE below is the
 * whole point-in-time guarantee: nothing later can leak into a training row). A profile without orders gets
 * days_since_last_order = its tenure, so "never" and "long ago" sort together.
 */
export async function featuresAt(db: Queryable, t: number): Promise<PointInTimeFeatures> {
  const d = (days: number) => t - days * DAY_MS;
  const rows = await db.all<Record<string, number> & { p: string }>(
    `SELECT profile_id AS p,
       count(*) FILTER (WHERE event = $2) AS orders_total,
       coalesce(sum(CASE WHEN event = $2 THEN TRY_CAST(json_extract(properties, '$.revenue') AS DOUBLE) END), 0) AS revenue,
       max(ts) FILTER (WHERE event = $2) AS last_order,
       count(*) FILTER (WHERE event = $2 AND ts > $4) AS orders_30d,
       count(*) FILTER (WHERE event = $2 AND ts > $5) AS orders_90d,
       count(*) FILTER (WHERE event = 'Product Viewed' AND ts > $3) AS views_7d,
       count(*) FILTER (WHERE event = 'Product Viewed' AND ts > $4) AS views_30d,
       count(*) FILTER (WHERE event = 'Product Added' AND ts > $4) AS adds_30d,
       count(*) FILTER (WHERE event = 'Checkout Started' AND ts > $4) AS checkouts_30d,
       count(*) FILTER (WHERE event = 'Page Viewed' AND ts > $4) AS pages_30d,
       count(*) FILTER (WHERE event = 'Message Opened' AND ts > $4) AS opens_30d,
       count(*) FILTER (WHERE event = 'Message Clicked' AND ts > $4) AS clicks_30d,
       count(*) FILTER (WHERE event = 'Subscription Cancelled') AS cancels,
       max(ts) AS last_event, min(ts) AS first_event
     FROM events WHERE ts <= $1 AND profile_id IS NOT NULL AND type <> 'identify' AND type <> 'group'
     GROUP BY profile_id ORDER BY profile_id`,
    [t, PURCHASE_EVENT, d(7), d(30), d(90)],
  );
  const cols = FEATURES.length;
  const data = new Float64Array(rows.length * cols);
  const buyer = new Uint8Array(rows.length);
  rows.forEach((r, i) => {
    const tenure = (t - r.first_event!) / DAY_MS;
    const hasOrdered = r.orders_total! > 0 ? 1 : 0;
    buyer[i] = hasOrdered;
    const v = [
      hasOrdered,
      hasOrdered ? (t - r.last_order!) / DAY_MS : tenure,
      r.orders_total!,
      Math.log1p(Math.max(0, r.revenue!)),
      r.orders_30d!,
      r.orders_90d!,
      r.views_7d!,
      r.views_30d!,
      r.adds_30d!,
      r.checkouts_30d!,
      r.pages_30d!,
      r.opens_30d!,
      r.clicks_30d!,
      (t - r.last_event!) / DAY_MS,
      tenure,
      r.cancels!,
    ];
    data.set(v, i * cols);
  });
  return { ids: rows.map((r) => r.p), X: { rows: rows.length, cols, data }, buyer };
}

/** Profiles with an order in (from, to]. */
export async function orderedBetween(db: Queryable, from: number, to: number): Promise<Set<string>> {
  const rows = await db.all<{ p: string }>(
    "SELECT DISTINCT profile_id AS p FROM events WHERE event = $1 AND ts > $2 AND ts <= $3 AND profile_id IS NOT NULL",
    [PURCHASE_EVENT, from, to],
  );
  return new Set(rows.map((r) => r.p));
}
