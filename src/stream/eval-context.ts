import type { ProfileState } from "./profile-state.js";

/** Everything a node reads while evaluating one profile at instant t. */
export interface EvalContext {
  profile: ProfileState;
  t: number;
  /**
   * Changes whenever the profile, the instant or the state may have changed (the evaluator bumps it per evaluation
   * pass): leaves with the same definition in several segments compute their value once per pass (LeafMemo).
   */
  epoch: number;
  /** Membership bit of a segment (by plan index) for this profile, already evaluated at t (topological order). */
  member(segmentIndex: number): boolean;
  /** Current top/bottom-percent threshold of a ranked trait leaf, or undefined while nobody has a value. */
  threshold(rankIndex: number): number | undefined;
}
