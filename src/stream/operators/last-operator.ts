import { formatDuration, type LastNode, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import type { InstantStore } from "../stores/instant-store.js";
import type { StoreRegistry } from "../stores/store-registry.js";
import { type Evidence, INF, LeafMemo, leafLabel, nextAfter, type ReasonHint, type StatefulLeaf } from "./operator.js";

const NEG = Number.NEGATIVE_INFINITY;

/** `last`: the latest matching event ℓ (a shared column of latest times) exists, ℓ ≤ t − olderThan and ℓ > t − within. */
export class LastOperator implements StatefulLeaf {
  readonly kind = "last" as const;
  readonly children = [];
  readonly label: string;
  readonly stores: readonly InstantStore[];
  readonly offsets: readonly number[];
  memo = new LeafMemo();
  private readonly latest: InstantStore;
  private readonly olderMs: number | undefined;
  private readonly withinMs: number | undefined;

  constructor(
    readonly node: LastNode,
    readonly path: string,
    reg: StoreRegistry,
  ) {
    this.label = leafLabel("last", node.last);
    this.latest = reg.instant(node.last, node.where, true);
    this.stores = [this.latest];
    this.olderMs = node.olderThan === undefined ? undefined : parseDuration(node.olderThan);
    this.withinMs = node.within === undefined ? undefined : parseDuration(node.within);
    this.offsets = [
      0,
      ...(this.olderMs === undefined ? [] : [this.olderMs]),
      ...(this.withinMs === undefined ? [] : [this.withinMs]),
    ];
  }

  value(ctx: EvalContext): boolean {
    const l = this.latest.at(ctx.profile.num);
    if (l === NEG || l > ctx.t) return false;
    if (this.olderMs !== undefined && l > ctx.t - this.olderMs) return false;
    return this.withinMs === undefined || l > ctx.t - this.withinMs;
  }

  wake(ctx: EvalContext): number {
    const l = this.latest.at(ctx.profile.num);
    if (l === NEG) return INF;
    return nextAfter(ctx.t, l, l + (this.olderMs ?? INF), l + (this.withinMs ?? INF));
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = this.latest.at(ctx.profile.num);
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
}
