import type { ConditionKind } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";

/** What an event leaf sees of a matching event: no per-event objects are kept, only what its state needs. */
export interface EventView {
  event: string;
  ts: number;
  seq: number;
  properties: Record<string, unknown> | null;
}

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
 * A leaf that keeps per-profile state about the events it listens to. State is compact and order-insensitive
 * (counters, sorted bounded time rings, min/max instants), so a late event or an identity merge updates it exactly
 * without re-reading history: `apply` inserts at the event's place and `merge` combines two profiles' states.
 */
export interface StatefulLeaf<S> extends OpNode {
  /** Index of this leaf's state in a profile's slot list (identical leaves across segments share one slot). */
  slot: number;
  readonly events: readonly string[];
  init(): S;
  /** Folds a matching-name event into the state (the leaf applies its own property filters). */
  apply(state: S, ev: EventView, clock: number): S;
  merge(into: S, from: S, clock: number): S;
  /** Drops what no window can see any more at `clock`; returns the state (possibly smaller). */
  prune(state: S, clock: number): S;
  encode(state: S): unknown;
  decode(data: unknown): S;
}

export const isStateful = (n: OpNode): n is StatefulLeaf<unknown> => "slot" in n && "apply" in n;

export const INF = Number.POSITIVE_INFINITY;

/** Smallest of the candidate instants that lie strictly after t. */
export function nextAfter(t: number, ...candidates: number[]): number {
  let best = INF;
  for (const c of candidates) if (c > t && c < best) best = c;
  return best;
}

export function leafLabel(kind: string, name: string): string {
  return `${kind} ${JSON.stringify(name)}`;
}
