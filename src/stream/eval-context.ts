import type { ProfileState } from "./profile-state.js";

/** Everything a node reads while evaluating one profile at instant t. */
export interface EvalContext {
  profile: ProfileState;
  t: number;
  /** Membership bit of a segment (by plan index) for this profile, already evaluated at t (topological order). */
  member(segmentIndex: number): boolean;
  /** Current top/bottom-percent threshold of a ranked trait leaf, or undefined while nobody has a value. */
  threshold(rankIndex: number): number | undefined;
}
