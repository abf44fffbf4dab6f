/**
 * Channel preference: per-channel engagement rate (engagements / sends) smoothed with a Beta prior (empirical
 * Bayes shrinkage): rate = (engagements + α) / (sends + α + β). By default the prior is centred on the pooled rate
 * across the given channels with a strength of `priorStrength` pseudo-sends (10), so a channel with 1 open of 1 send
 * does not beat one with 40 of 100.
 */
export interface ChannelStats {
  channel: string;
  sends: number;
  engagements: number;
}

export interface ChannelPreferenceOptions {
  /** Explicit Beta(α, β) prior; overrides the pooled prior. */
  prior?: { alpha: number; beta: number };
  priorStrength?: number;
}

export interface ChannelScore {
  channel: string;
  rawRate: number | null;
  smoothedRate: number;
}

export interface ChannelPreference {
  preferred: string | null;
  channels: ChannelScore[];
}

export function channelPreference(
  stats: readonly ChannelStats[],
  opts: ChannelPreferenceOptions = {},
): ChannelPreference {
  let sends = 0;
  let engagements = 0;
  for (const s of stats) {
    sends += s.sends;
    engagements += s.engagements;
  }
  const strength = opts.priorStrength ?? 10;
  const pooled = sends > 0 ? engagements / sends : 0.5;
  const alpha = opts.prior?.alpha ?? pooled * strength;
  const beta = opts.prior?.beta ?? (1 - pooled) * strength;
  const channels = stats
    .map((s) => ({
      channel: s.channel,
      rawRate: s.sends > 0 ? s.engagements / s.sends : null,
      smoothedRate: alpha + beta > 0 ? (s.engagements + alpha) / (s.sends + alpha + beta) : 0,
    }))
    .sort((a, b) => b.smoothedRate - a.smoothedRate || (a.channel < b.channel ? -1 : 1));
  return { preferred: channels[0]?.channel ?? null, channels };
}
