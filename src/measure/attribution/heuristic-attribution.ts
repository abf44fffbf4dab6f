/**
 * Rule-based attribution of conversions: first touch, last touch, linear (equal credit per touch occurrence),
 * position-based (40 % first, 40 % last, 20 % shared by the middle) and, for journeys with times, time decay.
 */
import type { Journey, PathCount } from "./attribution-types.js";

export interface HeuristicCredits {
  firstTouch: Map<string, number>;
  lastTouch: Map<string, number>;
  linear: Map<string, number>;
  positionBased: Map<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number): void => {
  m.set(k, (m.get(k) ?? 0) + v);
};

/** Position-based weights of a path of length n: 1; ½, ½; or 0.4, 0.2/(n−2) …, 0.4. */
export function positionWeights(n: number): number[] {
  if (n === 1) return [1];
  if (n === 2) return [0.5, 0.5];
  const w = new Array<number>(n).fill(0.2 / (n - 2));
  w[0] = 0.4;
  w[n - 1] = 0.4;
  return w;
}

export function heuristicAttribution(paths: readonly PathCount[]): HeuristicCredits {
  const out: HeuristicCredits = {
    firstTouch: new Map(),
    lastTouch: new Map(),
    linear: new Map(),
    positionBased: new Map(),
  };
  for (const p of paths) {
    const n = p.path.length;
    if (n === 0 || p.conversions === 0) continue;
    const c = p.conversions;
    add(out.firstTouch, p.path[0]!, c);
    add(out.lastTouch, p.path[n - 1]!, c);
    const w = positionWeights(n);
    for (let i = 0; i < n; i++) {
      add(out.linear, p.path[i]!, c / n);
      add(out.positionBased, p.path[i]!, c * w[i]!);
    }
  }
  return out;
}

/** Time decay: a touch at time t before a conversion at T weighs 2^{−(T − t)/halfLife}; weights sum to 1 per conversion. */
export function timeDecayAttribution(journeys: readonly Journey[], halfLifeMs: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const j of journeys) {
    if (!j.converted || j.channels.length === 0) continue;
    const end = j.conversionTime ?? j.times[j.times.length - 1]!;
    const w = j.times.map((t) => 2 ** (-(end - t) / halfLifeMs));
    const total = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < j.channels.length; i++) add(out, j.channels[i]!, w[i]! / total);
  }
  return out;
}
