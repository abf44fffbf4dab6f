import { type DidThenNotNode, eventRefName, eventRefWhere, formatDuration, parseDuration } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { type PropPredicate, propPredicate } from "../event-filter.js";
import { type EventView, type Evidence, INF, type ReasonHint, type StatefulLeaf } from "./operator.js";

const NEG = Number.NEGATIVE_INFINITY;

/**
 * `did A thenNot B for F [within W]`. State: [latest A, latest B], two maxima, so the order events arrive in does not
 * matter. a = latest A (if > t − W); member iff a ≤ t − F and the latest B ≤ a (no B in (a, t]).
 */
export class DidThenNotOperator implements StatefulLeaf<Float64Array> {
  readonly kind = "did" as const;
  readonly children = [];
  readonly label: string;
  readonly events: readonly string[];
  slot = -1;
  private readonly didName: string;
  private readonly notName: string;
  private readonly didMatch: PropPredicate;
  private readonly notMatch: PropPredicate;
  private readonly forMs: number;
  private readonly withinMs: number | undefined;

  constructor(
    readonly node: DidThenNotNode,
    readonly path: string,
  ) {
    this.didName = eventRefName(node.did);
    this.notName = eventRefName(node.thenNot);
    this.label = `did ${JSON.stringify(this.didName)} then not ${JSON.stringify(this.notName)}`;
    this.events = this.didName === this.notName ? [this.didName] : [this.didName, this.notName];
    this.didMatch = propPredicate(eventRefWhere(node.did));
    this.notMatch = propPredicate(eventRefWhere(node.thenNot));
    this.forMs = parseDuration(node.for);
    this.withinMs = node.within === undefined ? undefined : parseDuration(node.within);
  }

  init(): Float64Array {
    return Float64Array.of(NEG, NEG);
  }

  apply(s: Float64Array, ev: EventView): Float64Array {
    const n = ev.event;
    if (n === this.didName && ev.ts > s[0]! && this.didMatch(ev.properties)) s[0] = ev.ts;
    if (n === this.notName && ev.ts > s[1]! && this.notMatch(ev.properties)) s[1] = ev.ts;
    return s;
  }

  merge(a: Float64Array, b: Float64Array): Float64Array {
    a[0] = Math.max(a[0]!, b[0]!);
    a[1] = Math.max(a[1]!, b[1]!);
    return a;
  }

  prune(s: Float64Array): Float64Array {
    return s;
  }

  private anchor(s: Float64Array | undefined, t: number): number {
    if (!s) return NEG;
    const a = s[0]!;
    if (a === NEG || a > t) return NEG;
    return this.withinMs !== undefined && a <= t - this.withinMs ? NEG : a;
  }

  value(ctx: EvalContext): boolean {
    const s = ctx.profile.state(this.slot) as Float64Array | undefined;
    const a = this.anchor(s, ctx.t);
    return a !== NEG && a <= ctx.t - this.forMs && s![1]! <= a;
  }

  wake(ctx: EvalContext): number {
    const s = ctx.profile.state(this.slot) as Float64Array | undefined;
    if (!s || s[0] === NEG) return INF;
    const a = s[0]!;
    let best = INF;
    for (const c of [a, a + this.forMs, this.withinMs === undefined ? INF : a + this.withinMs]) {
      if (c > ctx.t && c < best) best = c;
    }
    return best;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    const s = ctx.profile.state(this.slot) as Float64Array | undefined;
    e.a = this.anchor(s, ctx.t);
    e.b = s ? s[1]! : NEG;
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

  encode(s: Float64Array): unknown {
    return [s[0] === NEG ? null : s[0], s[1] === NEG ? null : s[1]];
  }

  decode(data: unknown): Float64Array {
    const [a, b] = data as [number | null, number | null];
    return Float64Array.of(a ?? NEG, b ?? NEG);
  }
}
