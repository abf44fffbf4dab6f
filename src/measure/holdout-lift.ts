/**
 * Lift of a treated audience over its holdout (control) group: absolute and relative difference of conversion
 * rates with Wald and delta-method (log risk ratio, Katz) 95% intervals and the pooled z test.
 */
import { normalQuantile } from "./stats/distributions.js";
import { type Counts, twoProportionTest } from "./stats/proportion-tests.js";

export interface HoldoutLift {
  treatedRate: number;
  holdoutRate: number;
  /** treatedRate − holdoutRate with its Wald interval. */
  absolute: { value: number; ci95: [number, number] };
  /** treatedRate / holdoutRate − 1 with the Katz log-ratio interval; null when the holdout never converted. */
  relative: { value: number; ci95: [number, number] } | null;
  pValue: number;
  /** Conversions the treatment added: (treatedRate − holdoutRate) · treated.n. */
  incrementalConversions: number;
}

export function holdoutLift(treated: Counts, holdout: Counts, level = 0.95): HoldoutLift {
  const t = twoProportionTest(holdout, treated, level);
  const pt = treated.successes / treated.n;
  const ph = holdout.successes / holdout.n;
  let relative: HoldoutLift["relative"] = null;
  if (holdout.successes > 0 && treated.successes > 0) {
    const z = normalQuantile(1 - (1 - level) / 2);
    const logRr = Math.log(pt / ph);
    const se = Math.sqrt(1 / treated.successes - 1 / treated.n + 1 / holdout.successes - 1 / holdout.n);
    relative = { value: pt / ph - 1, ci95: [Math.exp(logRr - z * se) - 1, Math.exp(logRr + z * se) - 1] };
  } else if (holdout.successes > 0) {
    relative = { value: -1, ci95: [-1, -1] };
  }
  return {
    treatedRate: pt,
    holdoutRate: ph,
    absolute: t.diff,
    relative,
    pValue: t.z.pValue,
    incrementalConversions: (pt - ph) * treated.n,
  };
}
