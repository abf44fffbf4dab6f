import type { ConditionKind } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import type { SlotStore } from "../stores/slot-store.js";

/**
 * One compiled node of a segment tree. Every node kind implements it (one operator file per kind); the evaluator
 * never switches on kinds. `value` and `wake` read per-profile state through the context; `evidence`/`render`
 * give what a reason shows (e.g. `count 3 in 30d ≥ 2`).
 */
export interface OpNode {
  readonly kind: ConditionKind | "segment";
  /** Text path from the segment root, e.g. "all[1]" (empty at the root). */
  readonly path: string;
  readonly label: string;
  readonly children: readonly OpNode[];
  value(ctx: EvalContext): boolean;
  /** The next instant > ctx.t at which `value` may change with no new input (Infinity: never). */
  wake(ctx: EvalContext): number;
  /** Captures the numbers (and value) the reason shows, at the instant of a change; `render` formats them later. */
  evidence(ctx: EvalContext, e: Evidence): void;
  render(e: Evidence): string;
  /** Whether a change of this event name or trait key can move this node (to pick the leaf a reason names). */
  touches(hint: ReasonHint): boolean;
}

/** What a node's reason is rendered from: kept as numbers when a change is emitted, formatted only when read. */
export interface Evidence {
  a: number;
  b: number;
  x: unknown;
}

export interface ReasonHint {
  event?: string | null;
  trait?: string | null;
}

/**
 * A leaf that reads per-profile state from stores (columnar, shared with every leaf that needs the same evidence).
 * The first store holds state whenever the leaf can change with time alone (its wake-ups are looked up through it).
 */
export interface StatefulLeaf extends OpNode {
  readonly stores: readonly SlotStore[];
  /**
   * When the value may change with time alone: at an anchor instant of the first store's state (its latest/earliest
   * time, or each kept event time) plus one of these offsets. Equals what `wake` computes for this leaf alone.
   */
  readonly offsets: readonly number[];
  /** Set by the plan: shared with the identical leaves of other segments. */
  memo: LeafMemo;
}

/** A value shared by every leaf with the same definition, valid for one evaluation pass (EvalContext.epoch). */
export class LeafMemo {
  epoch = -1;
  value = false;
}

export const isStateful = (n: OpNode): n is StatefulLeaf => "stores" in n;

export const INF = Number.POSITIVE_INFINITY;

/** Smallest of the candidate instants that lie strictly after t. */
export function nextAfter(t: number, a: number, b: number, c = INF): number {
  let best = INF;
  if (a > t && a < best) best = a;
  if (b > t && b < best) best = b;
  if (c > t && c < best) best = c;
  return best;
}

export function leafLabel(kind: string, name: string): string {
  return `${kind} ${JSON.stringify(name)}`;
}
