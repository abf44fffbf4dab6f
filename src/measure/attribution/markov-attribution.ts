/**
 * Markov-chain attribution (the ChannelAttribution / Anderl et al. 2016 convention): states start, the channel
 * histories, conversion and null; transition probabilities estimated from path counts (repeated consecutive touches
 * of a channel kept as self-loops); absorption probabilities solved exactly; a channel's removal effect is the
 * relative drop of P(conversion) when every transition into a state involving it goes to null instead.
 * Order k: a state is the last k channels (fewer at the start of a path); order 1 has one state per channel.
 */
import { TesseraError } from "../../model/index.js";
import type { PathCount } from "./attribution-types.js";
import { solveLinear } from "./linear-solve.js";

/**
 * States 0 = start, 1..s = channel histories (sorted by their key), s+1 = conversion, s+2 = null; row-major
 * transition probabilities, absorbing rows all zero. For order 1, state i is channels[i − 1].
 */
export interface MarkovChain {
  order: number;
  channels: string[];
  /** The channel history of each transient state (index 0, the start, is empty). */
  states: string[][];
  size: number;
  probabilities: Float64Array;
}

export interface MarkovAttribution {
  pConversion: number;
  totalConversions: number;
  totalValue: number;
  channels: { channel: string; removalEffect: number; markov: number; markovValue: number }[];
}

/** Largest number of transient states solved densely (O(s³) per solve, one solve per channel). */
export const MAX_MARKOV_STATES = 2000;
const SEP = "\u0000";

export function buildMarkovChain(paths: readonly PathCount[], order = 1): MarkovChain {
  const channelSet = new Set<string>();
  const stateKeys = new Set<string>();
  for (const p of paths) {
    for (let i = 0; i < p.path.length; i++) {
      channelSet.add(p.path[i]!);
      stateKeys.add(p.path.slice(Math.max(0, i + 1 - order), i + 1).join(SEP));
    }
  }
  const keys = [...stateKeys].sort();
  if (keys.length > MAX_MARKOV_STATES) {
    throw new TesseraError({
      code: "markov_too_many_states",
      path: ["order"],
      message: `order ${order} gives ${keys.length} states (more than ${MAX_MARKOV_STATES}); use a lower order`,
    });
  }
  const index = new Map(keys.map((k, i) => [k, i + 1]));
  const s = keys.length;
  const size = s + 3;
  const conv = s + 1;
  const nul = s + 2;
  const counts = new Float64Array(size * size);
  for (const p of paths) {
    if (p.path.length === 0) continue;
    const w = p.conversions + p.nulls;
    let from = 0;
    for (let i = 0; i < p.path.length; i++) {
      const to = index.get(p.path.slice(Math.max(0, i + 1 - order), i + 1).join(SEP))!;
      counts[from * size + to]! += w;
      from = to;
    }
    counts[from * size + conv]! += p.conversions;
    counts[from * size + nul]! += p.nulls;
  }
  for (let r = 0; r <= s; r++) {
    let total = 0;
    for (let k = 0; k < size; k++) total += counts[r * size + k]!;
    if (total > 0) for (let k = 0; k < size; k++) counts[r * size + k]! /= total;
    // A state never left (only possible with all-zero weights) absorbs into null.
    else counts[r * size + nul] = 1;
  }
  return {
    order,
    channels: [...channelSet].sort(),
    states: [[], ...keys.map((k) => k.split(SEP))],
    size,
    probabilities: counts,
  };
}

/** Transient states whose history involves the channel: removing the channel sends transitions into them to null. */
export function statesWithChannel(chain: MarkovChain, channel: string): Set<number> {
  const out = new Set<number>();
  chain.states.forEach((h, i) => {
    if (h.includes(channel)) out.add(i);
  });
  return out;
}

/**
 * P(reaching conversion from each transient state) with the given states removed, i.e. forced to 0: solves
 * (I − Q) x = r with the removed rows replaced by x_k = 0.
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

export function markovAttribution(paths: readonly PathCount[], order = 1): MarkovAttribution {
  const chain = buildMarkovChain(paths, order);
  let totalConversions = 0;
  let totalValue = 0;
  for (const p of paths) {
    if (p.path.length === 0) continue;
    totalConversions += p.conversions;
    totalValue += p.value ?? 0;
  }
  const base = chain.channels.length > 0 ? absorptionProbabilities(chain)[0]! : 0;
  const effects = chain.channels.map((c) => {
    if (base <= 0) return 0;
    const without = absorptionProbabilities(chain, statesWithChannel(chain, c))[0]!;
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
