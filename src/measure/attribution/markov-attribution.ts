/**
 * First-order Markov-chain attribution (the ChannelAttribution / Anderl et al. 2016 convention): states start,
 * every channel, conversion and null; transition probabilities estimated from path counts (repeated consecutive
 * touches of a channel kept as self-loops); absorption probabilities solved exactly; a channel's removal effect is
 * the relative drop of P(conversion) when every transition into it goes to null instead.
 */
import type { PathCount } from "./attribution-types.js";
import { solveLinear } from "./linear-solve.js";

/** States 0 = start, 1..m = channels (sorted), m+1 = conversion, m+2 = null; row-major, absorbing rows all zero. */
export interface MarkovChain {
  channels: string[];
  size: number;
  probabilities: Float64Array;
}

export interface MarkovAttribution {
  pConversion: number;
  totalConversions: number;
  totalValue: number;
  channels: { channel: string; removalEffect: number; markov: number; markovValue: number }[];
}

export function buildMarkovChain(paths: readonly PathCount[]): MarkovChain {
  const names = new Set<string>();
  for (const p of paths) for (const c of p.path) names.add(c);
  const channels = [...names].sort();
  const index = new Map(channels.map((c, i) => [c, i + 1]));
  const m = channels.length;
  const size = m + 3;
  const conv = m + 1;
  const nul = m + 2;
  const counts = new Float64Array(size * size);
  for (const p of paths) {
    if (p.path.length === 0) continue;
    const w = p.conversions + p.nulls;
    let from = 0;
    for (const c of p.path) {
      const to = index.get(c)!;
      counts[from * size + to]! += w;
      from = to;
    }
    counts[from * size + conv]! += p.conversions;
    counts[from * size + nul]! += p.nulls;
  }
  for (let r = 0; r <= m; r++) {
    let total = 0;
    for (let k = 0; k < size; k++) total += counts[r * size + k]!;
    if (total > 0) for (let k = 0; k < size; k++) counts[r * size + k]! /= total;
    // A state never left (only possible with all-zero weights) absorbs into null.
    else counts[r * size + nul] = 1;
  }
  return { channels, size, probabilities: counts };
}

/**
 * P(reaching conversion from each transient state) with the given channel states (1-based indices) removed,
 * i.e. forced to 0: solves (I − Q) x = r with the removed rows replaced by x_k = 0.
 */
export function absorptionProbabilities(chain: MarkovChain, removed: ReadonlySet<number> = new Set()): Float64Array {
  const n = chain.size - 2;
  const conv = chain.size - 2;
  const a = new Float64Array(n * n);
  const b = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    if (removed.has(r)) {
      a[r * n + r] = 1;
      continue;
    }
    for (let k = 0; k < n; k++) a[r * n + k] = (r === k ? 1 : 0) - chain.probabilities[r * chain.size + k]!;
    b[r] = chain.probabilities[r * chain.size + conv]!;
  }
  return solveLinear(a, b, n);
}

export function markovAttribution(paths: readonly PathCount[]): MarkovAttribution {
  const chain = buildMarkovChain(paths);
  let totalConversions = 0;
  let totalValue = 0;
  for (const p of paths) {
    if (p.path.length === 0) continue;
    totalConversions += p.conversions;
    totalValue += p.value ?? 0;
  }
  const base = chain.channels.length > 0 ? absorptionProbabilities(chain)[0]! : 0;
  const effects = chain.channels.map((_, i) => {
    if (base <= 0) return 0;
    const without = absorptionProbabilities(chain, new Set([i + 1]))[0]!;
    return Math.max(0, 1 - without / base);
  });
  const sum = effects.reduce((a, b) => a + b, 0);
  return {
    pConversion: base,
    totalConversions,
    totalValue,
    channels: chain.channels.map((channel, i) => {
      const share = sum > 0 ? effects[i]! / sum : 0;
      return { channel, removalEffect: effects[i]!, markov: share * totalConversions, markovValue: share * totalValue };
    }),
  };
}
