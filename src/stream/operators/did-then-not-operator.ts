import { type DidThenNotNode, eventRefName, eventRefWhere, formatDuration, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import type { InstantStore } from "../stores/instant-store.js";
import type { StoreRegistry } from "../stores/store-registry.js";
import { type Evidence, INF, LeafMemo, nextAfter, type ReasonHint, type StatefulLeaf } from "./operator.js";

const NEG = Number.NEGATIVE_INFINITY;

/**
 * `did A thenNot B for F [within W]`. State: the latest A and the latest B (two shared columns of maxima), so the
 * order events arrive in does not matter. a = latest A (if > t − W); member iff a ≤ t − F and the latest B ≤ a.
 */
export class DidThenNotOperator implements StatefulLeaf {
  readonly kind = "did" as const;
  readonly children = [];
  readonly label: string;
  readonly stores: readonly InstantStore[];
  readonly offsets: readonly number[];
  memo = new LeafMemo();
  private readonly didName: string;
  private readonly notName: string;
  private readonly did: InstantStore;
  private readonly not: InstantStore;
  private readonly forMs: number;
  private readonly withinMs: number | undefined;

  constructor(
    readonly node: DidThenNotNode,
    readonly path: string,
    reg: StoreRegistry,
  ) {
    this.didName = eventRefName(node.did);
    this.notName = eventRefName(node.thenNot);
    this.label = `did ${JSON.stringify(this.didName)} then not ${JSON.stringify(this.notName)}`;
    this.did = reg.instant(this.didName, eventRefWhere(node.did), true);
    this.not = reg.instant(this.notName, eventRefWhere(node.thenNot), true);
    this.stores = this.did === this.not ? [this.did] : [this.did, this.not];
    this.forMs = parseDuration(node.for);
    this.withinMs = node.within === undefined ? undefined : parseDuration(node.within);
    this.offsets = [0, this.forMs, ...(this.withinMs === undefined ? [] : [this.withinMs])];
  }

  private anchor(p: number, t: number): number {
    const a = this.did.at(p);
    if (a === NEG || a > t) return NEG;
    return this.withinMs !== undefined && a <= t - this.withinMs ? NEG : a;
  }

  value(ctx: EvalContext): boolean {
    const p = ctx.profile.num;
    const a = this.anchor(p, ctx.t);
    return a !== NEG && a <= ctx.t - this.forMs && this.not.at(p) <= a;
  }

  wake(ctx: EvalContext): number {
    const a = this.did.at(ctx.profile.num);
    if (a === NEG) return INF;
    return nextAfter(ctx.t, a, a + this.forMs, this.withinMs === undefined ? INF : a + this.withinMs);
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    const p = ctx.profile.num;
    e.a = this.anchor(p, ctx.t);
    e.b = this.not.at(p);
  }

  render(e: Evidence): string {
    const a = e.a;
    if (a === NEG)
      return `no ${JSON.stringify(this.didName)}${this.withinMs ? ` in ${formatDuration(this.withinMs)}` : ""}`;
    const b = e.b;
    const after = b > a ? `, ${JSON.stringify(this.notName)} at ${new Date(b).toISOString()}` : "";
    return `${JSON.stringify(this.didName)} at ${new Date(a).toISOString()}, waited ${formatDuration(this.forMs)}${after}`;
  }

  touches(h: ReasonHint): boolean {
    return h.event === this.didName || h.event === this.notName;
  }
}
