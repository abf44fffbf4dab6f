/**
 * Ordered funnel: a customer reaches step k when events matching steps 1..k occur in that order (other events may
 * sit between them) with every step within `windowMs` of the step-1 event (inclusive). Each step-1 occurrence is
 * tried as a start, later steps are matched greedily, and the start reaching furthest (earliest on ties) counts.
 */
import { median } from "../stats/descriptive.js";
import type { CustomerSequence } from "./customer-sequences.js";

export interface FunnelStep {
  step: string;
  count: number;
  /** count / count of step 1. */
  conversion: number;
  /** Share of the previous step's customers lost at this step (0 for step 1). */
  dropOff: number;
  /** Median time from step 1 to this step among customers reaching it; null for step 1 or when nobody did. */
  medianTimeToConvertMs: number | null;
}

/** Deepest level reached by a customer and the elapsed time to each reached step. */
export function funnelReach(s: CustomerSequence, steps: readonly string[], windowMs: number): number[] {
  let best: number[] = [];
  for (let start = 0; start < s.events.length && best.length < steps.length; start++) {
    if (s.events[start] !== steps[0]) continue;
    const t0 = s.times[start]!;
    const reached = [0];
    for (let k = start + 1; k < s.events.length && reached.length < steps.length; k++) {
      if (s.times[k]! - t0 > windowMs) break;
      if (s.events[k] === steps[reached.length]) reached.push(s.times[k]! - t0);
    }
    if (reached.length > best.length) best = reached;
  }
  return best;
}

export function funnel(
  sequences: readonly CustomerSequence[],
  steps: readonly string[],
  windowMs: number,
): FunnelStep[] {
  const elapsed: number[][] = steps.map(() => []);
  for (const s of sequences) {
    const reach = funnelReach(s, steps, windowMs);
    for (let i = 0; i < reach.length; i++) elapsed[i]!.push(reach[i]!);
  }
  const first = elapsed[0]!.length;
  return steps.map((step, i) => {
    const count = elapsed[i]!.length;
    const prev = i === 0 ? count : elapsed[i - 1]!.length;
    return {
      step,
      count,
      conversion: first > 0 ? count / first : 0,
      dropOff: prev > 0 ? 1 - count / prev : 0,
      medianTimeToConvertMs: i === 0 || count === 0 ? null : median(elapsed[i]!),
    };
  });
}
