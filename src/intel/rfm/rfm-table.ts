import { DAY_MS, TesseraError, utcDay } from "../../model/index.js";
import { idComparator } from "../math/id-order.js";
import { rfmScores } from "./rfm-scores.js";
import { type RfmSegment, rfmSegment, rfmSegmentCounts } from "./rfm-segments.js";

/** One purchase row; `order` groups rows into one order for frequency. */
export interface RfmPurchase {
  customer: string;
  at: number;
  amount: number;
  order?: string;
}

export interface RfmCustomer {
  id: string;
  recency: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
  score: string;
  segment: RfmSegment;
}

export interface RfmTable {
  /** Snapshot day, epoch ms at 00:00 UTC. */
  snapshot: number;
  customers: RfmCustomer[];
  segments: { name: RfmSegment; count: number }[];
}

/**
 * RFM from purchases. snapshot defaults to the day after the last purchase day; an explicit snapshot makes the
 * table "as of" that day: purchases on later days are ignored. recency = whole days from the customer's last
 * purchase day to the snapshot day; frequency = distinct orders when orders are given, else rows; monetary = sum of
 * amounts. Customers are listed by id (see idComparator).
 */
export function rfmTable(purchases: readonly RfmPurchase[], snapshot?: number): RfmTable {
  let lastDay = Number.NEGATIVE_INFINITY;
  for (const p of purchases) lastDay = Math.max(lastDay, utcDay(p.at));
  const snap = snapshot === undefined ? lastDay + DAY_MS : utcDay(snapshot);
  const acc = new Map<string, { last: number; rows: number; orders: Set<string>; sum: number }>();
  for (const p of purchases) {
    const day = utcDay(p.at);
    if (day > snap) continue;
    let a = acc.get(p.customer);
    if (!a) {
      a = { last: day, rows: 0, orders: new Set(), sum: 0 };
      acc.set(p.customer, a);
    }
    if (day > a.last) a.last = day;
    a.rows++;
    if (p.order !== undefined) a.orders.add(p.order);
    a.sum += p.amount;
  }
  if (acc.size === 0)
    throw new TesseraError({ code: "rfm_no_purchases", message: "no purchases on or before the snapshot day" });
  const ids = [...acc.keys()];
  ids.sort(idComparator(ids));
  const n = ids.length;
  const recency = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  ids.forEach((id, i) => {
    const a = acc.get(id)!;
    recency[i] = Math.round((snap - a.last) / DAY_MS);
    frequency[i] = a.orders.size > 0 ? a.orders.size : a.rows;
    monetary[i] = a.sum;
  });
  const s = rfmScores({ ids, recency, frequency, monetary });
  const customers = ids.map((id, i) => ({
    id,
    recency: recency[i]!,
    frequency: frequency[i]!,
    monetary: monetary[i]!,
    r: s.r[i]!,
    f: s.f[i]!,
    m: s.m[i]!,
    score: s.score[i]!,
    segment: rfmSegment(s.r[i]!, s.f[i]!),
  }));
  return { snapshot: snap, customers, segments: rfmSegmentCounts(s.r, s.f) };
}
