import { formatDuration, type LastNode, parseDuration } from "../../model/index.js";
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

const NEG = Number.NEGATIVE_INFINITY;

/** `last`: the latest matching event ℓ (state: a max) exists, ℓ ≤ t − olderThan and ℓ > t − within. */
export class LastOperator implements StatefulLeaf<number> {
  readonly kind = "last" as const;
  readonly children = [];
  readonly label: string;
  readonly events: readonly string[];
  slot = -1;
  private readonly match: PropPredicate;
  private readonly olderMs: number | undefined;
  private readonly withinMs: number | undefined;

  constructor(
    readonly node: LastNode,
    readonly path: string,
  ) {
    this.label = leafLabel("last", node.last);
    this.events = [node.last];
    this.match = propPredicate(node.where);
    this.olderMs = node.olderThan === undefined ? undefined : parseDuration(node.olderThan);
    this.withinMs = node.within === undefined ? undefined : parseDuration(node.within);
  }

  init(): number {
    return NEG;
  }

  apply(l: number, ev: EventView): number {
    return this.match(ev.properties) && ev.ts > l ? ev.ts : l;
  }

  merge(a: number, b: number): number {
    return Math.max(a, b);
  }

  prune(l: number): number {
    return l;
  }

  value(ctx: EvalContext): boolean {
    const l = (ctx.profile.state(this.slot) as number | undefined) ?? NEG;
    if (l === NEG || l > ctx.t) return false;
    if (this.olderMs !== undefined && l > ctx.t - this.olderMs) return false;
    return this.withinMs === undefined || l > ctx.t - this.withinMs;
  }

  wake(ctx: EvalContext): number {
    const l = (ctx.profile.state(this.slot) as number | undefined) ?? NEG;
    if (l === NEG) return INF;
    return nextAfter(ctx.t, l, l + (this.olderMs ?? INF), l + (this.withinMs ?? INF));
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = (ctx.profile.state(this.slot) as number | undefined) ?? NEG;
  }

  render(e: Evidence): string {
    const l = e.a;
    if (l === NEG) return "never";
    const parts = [`last at ${new Date(l).toISOString()}`];
    if (this.olderMs !== undefined) parts.push(`older than ${formatDuration(this.olderMs)}`);
    if (this.withinMs !== undefined) parts.push(`within ${formatDuration(this.withinMs)}`);
    return parts.join(", ");
  }

  touches(h: ReasonHint): boolean {
    return h.event === this.node.last;
  }

  encode(l: number): unknown {
    return l;
  }

  decode(data: unknown): number {
    return typeof data === "number" ? data : NEG;
  }
}
