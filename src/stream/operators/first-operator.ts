import { type FirstNode, formatDuration, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import type { InstantStore } from "../stores/instant-store.js";
import type { StoreRegistry } from "../stores/store-registry.js";
import { type Evidence, INF, LeafMemo, leafLabel, nextAfter, type ReasonHint, type StatefulLeaf } from "./operator.js";

/** `first`: the earliest matching event f (a shared column of earliest times) lies in (t − within, t]. */
export class FirstOperator implements StatefulLeaf {
  readonly kind = "first" as const;
  readonly children = [];
  readonly label: string;
  readonly stores: readonly InstantStore[];
  readonly offsets: readonly number[];
  memo = new LeafMemo();
  private readonly earliest: InstantStore;
  private readonly windowMs: number;

  constructor(
    readonly node: FirstNode,
    readonly path: string,
    reg: StoreRegistry,
  ) {
    this.label = leafLabel("first", node.first);
    this.earliest = reg.instant(node.first, node.where, false);
    this.stores = [this.earliest];
    this.windowMs = parseDuration(node.within);
    this.offsets = [0, this.windowMs];
  }

  private first(ctx: EvalContext): number {
    const f = this.earliest.at(ctx.profile.num);
    return f <= ctx.t ? f : INF;
  }

  value(ctx: EvalContext): boolean {
    const f = this.first(ctx);
    return f !== INF && f > ctx.t - this.windowMs;
  }

  wake(ctx: EvalContext): number {
    const f = this.earliest.at(ctx.profile.num);
    return f === INF ? INF : nextAfter(ctx.t, f, f + this.windowMs);
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
}
