import { SegmentService } from "../../segments/index.js";
import type { Store } from "../../store/index.js";
import { RFM_SEGMENTS } from "../rfm/rfm-segments.js";
import { ProductRecommender } from "./next-product.js";

/** Top-k products for one profile from the purchase matrix as of asOf; `known` = the profile has purchases. */
export async function recommendForProfile(store: Store, profile: string, k: number, asOf: number) {
  const r = await ProductRecommender.load(store, asOf);
  return { profile, known: r?.has(profile) ?? false, items: r ? r.recommend(profile, k) : [] };
}

/** Members of a segment: the memberships table, or a batch evaluation at asOf when none are stored. */
export async function segmentMembers(store: Store, segment: string, asOf: number, now: () => number) {
  const rows = await store.all<{ p: string }>(
    "SELECT profile_id AS p FROM memberships WHERE segment_id = $1 ORDER BY p",
    [segment],
  );
  if (rows.length) return rows.map((r) => r.p);
  const svc = new SegmentService(store, now);
  const seg = await svc.get(segment);
  const r = await svc.evaluate(seg.definition, {
    asOf,
    members: true,
    ...(seg.parent === undefined ? {} : { parent: seg.parent }),
  });
  return r.members ?? [];
}

/**
 * Top-k products for a segment: each member's top-k recommendations, counted (members) and summed (score); ranked by
 * how many members get the item, then by score, then by id.
 */
export async function recommendForSegment(store: Store, segment: string, k: number, asOf: number, now: () => number) {
  const members = await segmentMembers(store, segment, asOf, now);
  const r = await ProductRecommender.load(store, asOf);
  const acc = new Map<string, { score: number; members: number }>();
  if (r)
    for (const m of members)
      for (const s of r.recommend(m, k)) {
        const a = acc.get(s.item) ?? { score: 0, members: 0 };
        a.score += s.score;
        a.members++;
        acc.set(s.item, a);
      }
  const items = [...acc]
    .map(([item, a]) => ({ item, score: a.score, members: a.members }))
    .sort((a, b) => b.members - a.members || b.score - a.score || (a.item < b.item ? -1 : 1))
    .slice(0, k);
  return { segment, members: members.length, items };
}

/** Profiles per RFM segment (all ten, zeros included) from the stored `rfm` trait. */
export async function rfmSummary(store: Store) {
  const rows = await store.all<{ s: string; n: number }>(
    `SELECT json_extract_string(value, '$.segment') AS s, count(*) AS n FROM computed_traits WHERE name = 'rfm' GROUP BY 1`,
  );
  const counts = new Map(rows.map((r) => [r.s, r.n]));
  const total = rows.reduce((a, r) => a + r.n, 0);
  return {
    total,
    segments: RFM_SEGMENTS.map((name) => {
      const count = counts.get(name) ?? 0;
      return { name, count, share: total ? count / total : 0 };
    }),
  };
}

/** Preferred-channel counts, shares and mean smoothed rates over the stored `channel` trait of `members` (or all). */
export async function channelMix(store: Store, segment: string | null, members: readonly string[] | null) {
  const only = members ? new Set(members) : null;
  const rows = await store.all<{ p: string; v: string }>(
    "SELECT profile_id AS p, value AS v FROM computed_traits WHERE name = 'channel'",
  );
  const preferred = new Map<string, number>();
  const rateSum = new Map<string, { sum: number; n: number }>();
  let profiles = 0;
  for (const r of rows) {
    if (only && !only.has(r.p)) continue;
    profiles++;
    const v = JSON.parse(r.v) as { preferred: string | null; rates: Record<string, number> };
    const key = v.preferred ?? "none";
    preferred.set(key, (preferred.get(key) ?? 0) + 1);
    for (const [c, rate] of Object.entries(v.rates)) {
      const a = rateSum.get(c) ?? { sum: 0, n: 0 };
      a.sum += rate;
      a.n++;
      rateSum.set(c, a);
    }
  }
  const channels = [...new Set([...preferred.keys(), ...rateSum.keys()])].filter((c) => c !== "none").sort();
  return {
    segment,
    members: only ? only.size : null,
    profiles,
    channels: channels.map((channel) => ({
      channel,
      preferred: preferred.get(channel) ?? 0,
      share: profiles ? (preferred.get(channel) ?? 0) / profiles : 0,
      meanRate: (rateSum.get(channel)?.sum ?? 0) / (rateSum.get(channel)?.n || 1),
    })),
  };
}
