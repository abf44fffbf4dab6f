/** Why a membership changed: the kind of input that caused the re-evaluation. */
export type ChangeCause =
  | "event arrived"
  | "trait changed"
  | "time passed"
  | "window expired"
  | "population rank changed"
  | "profile merged"
  | "profile deleted"
  | "definition edited";

/** An enter or exit (DESIGN.md §3), with the node path and evidence in `reason` and the cause for exits. */
export interface MembershipChange {
  segment: string;
  version: number;
  profile: string;
  change: "entered" | "exited";
  at: number;
  reason: string;
  cause: ChangeCause;
  /** The event that caused it, when one did (arrival seq). */
  seq?: number;
}
