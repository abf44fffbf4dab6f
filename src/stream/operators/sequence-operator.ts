import { eventRefName, eventRefWhere, formatDuration, parseDuration, type SequenceNode } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { propPredicate } from "../event-filter.js";
import { SequenceStore } from "../stores/sequence-store.js";
import type { StoreRegistry } from "../stores/store-registry.js";
import { type Evidence, INF, LeafMemo, type ReasonHint, type StatefulLeaf } from "./operator.js";

const NEG = Number.NEGATIVE_INFINITY;

/**
 * `sequence [S1..Sk] within D [lookback L]`: events s1 < … < sk by (time, arrival) matching the steps with
 * sk − s1 ≤ D, all in (t − L, t]. The state keeps the step events (those in the lookback when L is given); the
 * shortest chain is found in one pass with a running "latest possible start" per step, the same algorithm as the SQL
 * compiler's window passes, so late events simply insert in place.
 */
export class SequenceOperator implements StatefulLeaf {
  readonly kind = "sequence" as const;
  readonly children = [];
  readonly label: string;
  readonly stores: readonly SequenceStore[];
  readonly offsets: readonly number[];
  memo = new LeafMemo();
  private readonly store: SequenceStore;
  private readonly names: string[];
  private readonly withinMs: number;
  private readonly lookbackMs: number | undefined;
  private readonly pc: Float64Array;

  constructor(
    readonly node: SequenceNode,
    readonly path: string,
    reg: StoreRegistry,
  ) {
    if (node.sequence.length > 32) throw new Error("a sequence has at most 32 steps");
    const names = node.sequence.map(eventRefName);
    this.names = names;
    this.label = `sequence ${names.map((n) => JSON.stringify(n)).join(" -> ")}`;
    this.withinMs = parseDuration(node.within);
    const lookbackMs = node.lookback === undefined ? undefined : parseDuration(node.lookback);
    this.lookbackMs = lookbackMs;
    this.offsets = lookbackMs === undefined ? [] : [lookbackMs];
    this.pc = new Float64Array(names.length);
    const key = `sequence ${JSON.stringify(node.sequence)} ${lookbackMs ?? ""}`;
    const matchers = node.sequence.map((r) => propPredicate(eventRefWhere(r)));
    this.store = reg.get(key, () => new SequenceStore(key, names, matchers, lookbackMs));
    this.stores = [this.store];
  }

  /** Shortest span of a complete chain among events in (t − L, t] (Infinity when none). */
  private shortest(p: number, t: number): number {
    const s = this.store.slots[p];
    if (!s) return INF;
    const k = this.names.length;
    const pc = this.pc;
    pc.fill(NEG);
    const last = 1 << (k - 1);
    const bound = this.lookbackMs === undefined ? NEG : t - this.lookbackMs;
    let best = INF;
    for (let r = 0; r < s.length; r += 3) {
      const ts = s[r]!;
      if (ts <= bound) continue;
      if (ts > t) break;
      const m = s[r + 2]!;
      if (m & last) {
        const span = k === 1 ? 0 : ts - pc[k - 2]!;
        if (span < best) best = span;
      }
      for (let i = k - 2; i >= 0; i--) {
        if (m & (1 << i)) {
          const start = i === 0 ? ts : pc[i - 1]!;
          if (start > pc[i]!) pc[i] = start;
        }
      }
    }
    return best;
  }

  value(ctx: EvalContext): boolean {
    const m = this.memo;
    if (m.epoch !== ctx.epoch) {
      m.value = this.shortest(ctx.profile.num, ctx.t) <= this.withinMs;
      m.epoch = ctx.epoch;
    }
    return m.value;
  }

  wake(ctx: EvalContext): number {
    const s = this.store.slots[ctx.profile.num];
    if (!s || this.lookbackMs === undefined) return INF;
    const bound = ctx.t - this.lookbackMs;
    for (let r = 0; r < s.length; r += 3) if (s[r]! > bound) return s[r]! + this.lookbackMs;
    return INF;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = this.shortest(ctx.profile.num, ctx.t);
  }

  render(e: Evidence): string {
    const span = e.a;
    const lb = this.lookbackMs === undefined ? "" : ` in the last ${formatDuration(this.lookbackMs)}`;
    if (span === INF) return `no complete sequence${lb}`;
    return `shortest sequence ${formatDuration(Math.max(span, 1))}${span === 0 ? " (0ms)" : ""}${lb}, within ${formatDuration(this.withinMs)}`;
  }

  touches(h: ReasonHint): boolean {
    return h.event !== undefined && h.event !== null && this.names.includes(h.event);
  }
}
