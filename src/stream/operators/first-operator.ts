import { type FirstNode, formatDuration, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { type PropPredicate, propPredicate } from "../event-filter.js";
import {
  type EventView,
  type Evidence,
  INF,
  leafLabel,
  nextAfter,
  type ReasonHint,
  type StatefulLeaf,
} from "./operator.js";

/** `first`: the earliest matching event f (its state: f alone, a min) lies in (t − within, t]. */
export class FirstOperator implements StatefulLeaf<number> {
  readonly kind = "first" as const;
  readonly children = [];
  readonly label: string;
  readonly events: readonly string[];
  slot = -1;
  private readonly match: PropPredicate;
  private readonly windowMs: number;

  constructor(
    readonly node: FirstNode,
    readonly path: string,
  ) {
    this.label = leafLabel("first", node.first);
    this.events = [node.first];
    this.match = propPredicate(node.where);
    this.windowMs = parseDuration(node.within);
  }

  init(): number {
    return INF;
  }

  apply(f: number, ev: EventView): number {
    return this.match(ev.properties) && ev.ts < f ? ev.ts : f;
  }

  merge(a: number, b: number): number {
    return Math.min(a, b);
  }

  prune(f: number): number {
    return f;
  }

  private first(ctx: EvalContext): number {
    const f = ctx.profile.state(this.slot) as number | undefined;
    return f !== undefined && f <= ctx.t ? f : INF;
  }

  value(ctx: EvalContext): boolean {
    const f = this.first(ctx);
    return f !== INF && f > ctx.t - this.windowMs;
  }

  wake(ctx: EvalContext): number {
    const f = ctx.profile.state(this.slot) as number | undefined;
    return f === undefined || f === INF ? INF : nextAfter(ctx.t, f, f + this.windowMs);
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = this.first(ctx);
  }

  render(e: Evidence): string {
    const w = formatDuration(this.windowMs);
    return e.a === INF ? "never" : `first at ${new Date(e.a).toISOString()}, window ${w}`;
  }

  touches(h: ReasonHint): boolean {
    return h.event === this.node.first;
  }

  encode(f: number): unknown {
    return f;
  }

  decode(data: unknown): number {
    return typeof data === "number" ? data : INF;
  }
}
