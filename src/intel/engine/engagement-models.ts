import { DAY_MS } from "../../model/index.js";
import type { Queryable } from "../../store/index.js";
import { channelPreference } from "../engagement/channel-preference.js";
import { DEFAULT_LEAD_GRADES, type LeadScoringRules } from "../engagement/lead-score.js";
import { loadChannelStats, loadDecayedCounts } from "./engine-data.js";

/**
 * Default lead-scoring points per event (decayed with a 14-day half-life): intent grows from browsing to checkout;
 * engagement with messages counts a little; a purchase counts most. Grades A ≥ 50, B ≥ 20, C ≥ 5, else D.
 */
export const DEFAULT_LEAD_RULES: LeadScoringRules = {
  events: {
    "Page Viewed": 1,
    "Product Viewed": 2,
    "Product Added": 5,
    "Checkout Started": 10,
    "Message Opened": 1,
    "Message Clicked": 3,
    "Review Submitted": 3,
    "Subscription Started": 15,
    "Order Completed": 20,
  },
  halfLifeDays: 14,
  grades: DEFAULT_LEAD_GRADES,
};

/**
 * Lead score per profile of `population`: Σ points(e) · 0.5^(age / half-life), the formula of leadScore, with the
 * decayed counts summed per event name inside DuckDB (millions of events never reach JS). Property rules are not
 * used by the engine.
 */
export async function leadModel(
  db: Queryable,
  population: readonly string[],
  asOf: number,
  rules: LeadScoringRules = DEFAULT_LEAD_RULES,
): Promise<Map<string, { score: number; grade: string }>> {
  const halfLife = rules.halfLifeDays === undefined ? undefined : rules.halfLifeDays * DAY_MS;
  const rows = await loadDecayedCounts(db, asOf, Object.keys(rules.events), halfLife);
  const score = new Map<string, number>();
  for (const r of rows) score.set(r.profile, (score.get(r.profile) ?? 0) + (rules.events[r.event] ?? 0) * r.w);
  const grades = rules.grades ?? DEFAULT_LEAD_GRADES;
  const out = new Map<string, { score: number; grade: string }>();
  for (const id of population) {
    const s = score.get(id) ?? 0;
    out.set(id, { score: s, grade: grades.find((g) => s >= g.min)?.grade ?? rules.fallbackGrade ?? "D" });
  }
  return out;
}

export interface ChannelValue {
  preferred: string | null;
  /** Smoothed engagement rate per channel. */
  rates: Record<string, number>;
  sends: number;
}

/**
 * Preferred channel per profile that was sent messages: channelPreference with a Beta prior centred on the
 * workspace's pooled engagement rate per channel-send (strength 10 pseudo-sends), so a profile's one open of one
 * SMS does not outrank forty e-mail opens of a hundred.
 */
export async function channelModel(
  db: Queryable,
  asOf: number,
  priorStrength = 10,
): Promise<{ values: Map<string, ChannelValue>; prior: { alpha: number; beta: number; pooledRate: number } }> {
  const rows = await loadChannelStats(db, asOf);
  let sends = 0;
  let engaged = 0;
  for (const r of rows) {
    sends += r.sends;
    engaged += Math.min(r.engagements, r.sends);
  }
  const pooledRate = sends > 0 ? engaged / sends : 0.5;
  const prior = { alpha: pooledRate * priorStrength, beta: (1 - pooledRate) * priorStrength };
  const byProfile = new Map<string, { channel: string; sends: number; engagements: number }[]>();
  for (const r of rows) {
    if (r.sends === 0) continue;
    let list = byProfile.get(r.profile);
    if (!list) {
      list = [];
      byProfile.set(r.profile, list);
    }
    list.push({ channel: r.channel, sends: r.sends, engagements: Math.min(r.engagements, r.sends) });
  }
  const values = new Map<string, ChannelValue>();
  for (const [id, stats] of byProfile) {
    const pref = channelPreference(stats, { prior });
    values.set(id, {
      preferred: pref.preferred,
      rates: Object.fromEntries(pref.channels.map((c) => [c.channel, c.smoothedRate])),
      sends: stats.reduce((a, s) => a + s.sends, 0),
    });
  }
  return { values, prior: { ...prior, pooledRate } };
}
