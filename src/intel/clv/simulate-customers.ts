import { SeededRandom } from "../math/seeded-random.js";
import type { BgNbdParams } from "./bg-nbd.js";
import type { GammaGammaParams } from "./gamma-gamma.js";

/**
 * Draws customers from the BG/NBD generative story (FHL 2005 §3): λ ~ Gamma(r, α), p ~ Beta(a, b); purchases
 * arrive as a Poisson process of rate λ and after each repeat purchase the customer drops out with probability p.
 * Observation lengths T are drawn uniformly from [minT, maxT]. With spend parameters, each repeat purchase is worth
 * Gamma(p, ν) with ν ~ Gamma(q, γ), and monetary is their mean. Used for recovery tests and benchmarks.
 */
export function simulateCustomers(
  n: number,
  bg: BgNbdParams,
  seed: number,
  opts: { minT?: number; maxT?: number; spend?: GammaGammaParams } = {},
): { frequency: Float64Array; recency: Float64Array; T: Float64Array; monetary: Float64Array } {
  const rng = new SeededRandom(seed);
  const minT = opts.minT ?? 20;
  const maxT = opts.maxT ?? 40;
  const frequency = new Float64Array(n);
  const recency = new Float64Array(n);
  const T = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lambda = rng.gamma(bg.r) / bg.alpha;
    const p = rng.beta(bg.a, bg.b);
    const horizon = minT + (maxT - minT) * rng.next();
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += rng.exponential(lambda);
      if (t > horizon) break;
      x++;
      tx = t;
      if (rng.next() < p) break;
    }
    frequency[i] = x;
    recency[i] = tx;
    T[i] = horizon;
    if (opts.spend && x > 0) {
      const nu = rng.gamma(opts.spend.q) / opts.spend.v;
      let sum = 0;
      for (let k = 0; k < x; k++) sum += rng.gamma(opts.spend.p) / nu;
      monetary[i] = sum / x;
    }
  }
  return { frequency, recency, T, monetary };
}
