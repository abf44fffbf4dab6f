import { eventRefName, eventRefWhere, formatDuration, parseDuration, type SequenceNode } from "../../model/index.js";
import type { EvalContext } from "../eval-context.js";
import { type PropPredicate, propPredicate } from "../event-filter.js";
import { type EventView, type Evidence, INF, type ReasonHint, type StatefulLeaf } from "./operator.js";

/** Step events in (ts, seq) order with a bit mask of the steps each matches; typed arrays, no per-event objects. */
interface SeqState {
  n: number;
  ts: Float64Array;
  seq: Float64Array;
  mask: Uint32Array;
}

const NEG = Number.NEGATIVE_INFINITY;

function grow(s: SeqState): void {
  const cap = Math.max(4, s.ts.length * 2);
  const ts = new Float64Array(cap);
  const seq = new Float64Array(cap);
  const mask = new Uint32Array(cap);
  ts.set(s.ts.subarray(0, s.n));
  seq.set(s.seq.subarray(0, s.n));
  mask.set(s.mask.subarray(0, s.n));
  s.ts = ts;
  s.seq = seq;
  s.mask = mask;
}

/**
 * `sequence [S1..Sk] within D [lookback L]`: events s1 < … < sk by (time, arrival) matching the steps with
 * sk − s1 ≤ D, all in (t − L, t]. The state keeps the step events (those in the lookback when L is given); the
 * shortest chain is found in one pass with a running "latest possible start" per step, the same algorithm as the SQL
 * compiler's window passes, so late events simply insert in place.
 */
export class SequenceOperator implements StatefulLeaf<SeqState> {
  readonly kind = "sequence" as const;
  readonly children = [];
  readonly label: string;
  readonly events: readonly string[];
  slot = -1;
  private readonly names: string[];
  private readonly matchers: PropPredicate[];
  private readonly withinMs: number;
  private readonly lookbackMs: number | undefined;
  private readonly pc: Float64Array;

  constructor(
    readonly node: SequenceNode,
    readonly path: string,
  ) {
    if (node.sequence.length > 32) throw new Error("a sequence has at most 32 steps");
    this.names = node.sequence.map(eventRefName);
    this.matchers = node.sequence.map((r) => propPredicate(eventRefWhere(r)));
    this.label = `sequence ${this.names.map((n) => JSON.stringify(n)).join(" -> ")}`;
    this.events = [...new Set(this.names)];
    this.withinMs = parseDuration(node.within);
    this.lookbackMs = node.lookback === undefined ? undefined : parseDuration(node.lookback);
    this.pc = new Float64Array(this.names.length);
  }

  init(): SeqState {
    return { n: 0, ts: new Float64Array(4), seq: new Float64Array(4), mask: new Uint32Array(4) };
  }

  apply(s: SeqState, ev: EventView, clock: number): SeqState {
    if (this.lookbackMs !== undefined && ev.ts <= clock - this.lookbackMs) return s;
    let mask = 0;
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] === ev.event && this.matchers[i]!(ev.properties)) mask |= 1 << i;
    }
    if (mask === 0) return s;
    if (s.n === s.ts.length) grow(s);
    let i = s.n;
    while (i > 0 && (s.ts[i - 1]! > ev.ts || (s.ts[i - 1] === ev.ts && s.seq[i - 1]! > ev.seq))) i--;
    s.ts.copyWithin(i + 1, i, s.n);
    s.seq.copyWithin(i + 1, i, s.n);
    s.mask.copyWithin(i + 1, i, s.n);
    s.ts[i] = ev.ts;
    s.seq[i] = ev.seq;
    s.mask[i] = mask;
    s.n++;
    return s;
  }

  merge(a: SeqState, b: SeqState, clock: number): SeqState {
    for (let i = 0; i < b.n; i++) {
      const ev = { event: "", ts: b.ts[i]!, seq: b.seq[i]!, properties: null };
      if (a.n === a.ts.length) grow(a);
      let j = a.n;
      while (j > 0 && (a.ts[j - 1]! > ev.ts || (a.ts[j - 1] === ev.ts && a.seq[j - 1]! > ev.seq))) j--;
      a.ts.copyWithin(j + 1, j, a.n);
      a.seq.copyWithin(j + 1, j, a.n);
      a.mask.copyWithin(j + 1, j, a.n);
      a.ts[j] = ev.ts;
      a.seq[j] = ev.seq;
      a.mask[j] = b.mask[i]!;
      a.n++;
    }
    return this.prune(a, clock);
  }

  prune(s: SeqState, clock: number): SeqState {
    if (this.lookbackMs === undefined) return s;
    const bound = clock - this.lookbackMs;
    let k = 0;
    while (k < s.n && s.ts[k]! <= bound) k++;
    if (k > 0) {
      s.ts.copyWithin(0, k, s.n);
      s.seq.copyWithin(0, k, s.n);
      s.mask.copyWithin(0, k, s.n);
      s.n -= k;
    }
    return s;
  }

  /** Shortest span of a complete chain among events in (t − L, t] (Infinity when none). */
  private shortest(s: SeqState | undefined, t: number): number {
    if (!s || s.n === 0) return INF;
    const k = this.names.length;
    const pc = this.pc;
    pc.fill(NEG);
    const last = 1 << (k - 1);
    const bound = this.lookbackMs === undefined ? NEG : t - this.lookbackMs;
    let best = INF;
    for (let r = 0; r < s.n; r++) {
      const ts = s.ts[r]!;
      if (ts <= bound) continue;
      if (ts > t) break;
      const m = s.mask[r]!;
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
    return this.shortest(ctx.profile.state(this.slot) as SeqState | undefined, ctx.t) <= this.withinMs;
  }

  wake(ctx: EvalContext): number {
    const s = ctx.profile.state(this.slot) as SeqState | undefined;
    if (!s || this.lookbackMs === undefined) return INF;
    const bound = ctx.t - this.lookbackMs;
    for (let r = 0; r < s.n; r++) if (s.ts[r]! > bound) return s.ts[r]! + this.lookbackMs;
    return INF;
  }

  evidence(ctx: EvalContext, e: Evidence): void {
    e.a = this.shortest(ctx.profile.state(this.slot) as SeqState | undefined, ctx.t);
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

  encode(s: SeqState): unknown {
    return {
      ts: Array.from(s.ts.subarray(0, s.n)),
      seq: Array.from(s.seq.subarray(0, s.n)),
      m: Array.from(s.mask.subarray(0, s.n)),
    };
  }

  decode(data: unknown): SeqState {
    const d = data as { ts: number[]; seq: number[]; m: number[] };
    const s = this.init();
    while (s.ts.length < d.ts.length) grow(s);
    s.ts.set(d.ts);
    s.seq.set(d.seq);
    s.mask.set(d.m);
    s.n = d.ts.length;
    return s;
  }
}
