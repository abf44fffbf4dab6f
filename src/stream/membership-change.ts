import type { Evidence, OpNode } from "./operators/operator.js";
import { renderReason } from "./reason.js";

/** Why a membership changed: the kind of input that caused the re-evaluation. */
export type ChangeCause =
  | "event arrived"
  | "trait changed"
  | "time passed"
  | "window expired"
  | "population rank changed"
  | "profile merged"
  | "profile deleted"
  | "definition edited"
  | "definition deleted";

/** Exit reasons start with their cause (constant strings: no text built per change). */
export const EXIT_PREFIX: Record<ChangeCause, string> = {
  "event arrived": "event arrived: ",
  "trait changed": "trait changed: ",
  "time passed": "time passed: ",
  "window expired": "window expired: ",
  "population rank changed": "population rank changed: ",
  "profile merged": "profile merged: ",
  "profile deleted": "profile deleted: ",
  "definition edited": "definition edited: ",
  "definition deleted": "definition deleted: ",
};

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

/**
 * A change as the evaluator emits it: the evidence of its reason is captured as numbers when it happens and the text
 * is rendered only when `reason` is first read (most changes of a busy stream are counted or written in bulk, and a
 * reason costs more to format than the rest of the evaluation).
 */
export class StreamChange implements MembershipChange, Evidence {
  a = 0;
  b = 0;
  x: unknown = undefined;
  private text: string | undefined;

  constructor(
    readonly segment: string,
    readonly version: number,
    readonly profile: string,
    readonly change: "entered" | "exited",
    readonly at: number,
    readonly cause: ChangeCause,
    /** `prefix + reason of node`; node undefined: the prefix is the whole reason. */
    private readonly prefix: string,
    private readonly node: OpNode | null | undefined,
  ) {}

  get reason(): string {
    this.text ??= this.node === undefined ? this.prefix : this.prefix + renderReason(this.node, this);
    return this.text;
  }

  toJSON(): MembershipChange {
    const { segment, version, profile, change, at, reason, cause } = this;
    return { segment, version, profile, change, at, reason, cause };
  }
}
