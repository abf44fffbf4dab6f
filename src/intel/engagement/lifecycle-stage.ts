/**
 * Lifecycle stage of a customer from purchase timing and P(alive). With g the expected inter-purchase time
 * (e.g. 1 / the BG/NBD purchase rate, or the customer's mean gap) and s the time since the last purchase:
 *
 * 1. no purchase yet → "prospect"
 * 2. P(alive) < churnedPAlive (0.1) or s > churnedGaps·g (4g) → "churned"
 * 3. s > lapsedGaps·g (2g) → "lapsed"
 * 4. P(alive) < atRiskPAlive (0.5) or s > g → "at risk"
 * 5. the gap before the last purchase exceeded lapsedGaps·g (came back after lapsing) → "reactivated"
 * 6. one purchase only, or the first purchase less than g ago → "new"
 * 7. otherwise → "active"
 */
export type LifecycleStage = "prospect" | "new" | "active" | "at risk" | "lapsed" | "churned" | "reactivated";

export interface LifecycleInput {
  /** Epoch ms of every purchase (any order); empty for a prospect. */
  purchases: readonly number[];
  now: number;
  /** Expected time between purchases, ms. */
  expectedGapMs: number;
  /** P(alive) from the BG/NBD model; omit to use timing only. */
  pAlive?: number;
}

export interface LifecycleThresholds {
  churnedPAlive?: number;
  atRiskPAlive?: number;
  lapsedGaps?: number;
  churnedGaps?: number;
}

export function lifecycleStage(input: LifecycleInput, t: LifecycleThresholds = {}): LifecycleStage {
  const churnedPAlive = t.churnedPAlive ?? 0.1;
  const atRiskPAlive = t.atRiskPAlive ?? 0.5;
  const lapsedGaps = t.lapsedGaps ?? 2;
  const churnedGaps = t.churnedGaps ?? 4;
  const times = input.purchases.filter((p) => p <= input.now).sort((a, b) => a - b);
  if (times.length === 0) return "prospect";
  const g = input.expectedGapMs;
  const last = times[times.length - 1]!;
  const since = input.now - last;
  const pAlive = input.pAlive ?? 1;
  if (pAlive < churnedPAlive || since > churnedGaps * g) return "churned";
  if (since > lapsedGaps * g) return "lapsed";
  if (pAlive < atRiskPAlive || since > g) return "at risk";
  if (times.length >= 2 && last - times[times.length - 2]! > lapsedGaps * g) return "reactivated";
  if (times.length === 1 || input.now - times[0]! < g) return "new";
  return "active";
}
