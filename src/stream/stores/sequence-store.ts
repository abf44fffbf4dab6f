import type { PropPredicate } from "../event-filter.js";
import { SortedSlots } from "./profile-slots.js";
import type { EventView, SlotStore } from "./slot-store.js";

/**
 * `sequence` steps per profile: the step events in (ts, seq) order as interleaved [ts, seq, mask] triples in a plain
 * number array (mask: the steps an event matches), those in the lookback when one is given. Absent while empty.
 */
export class SequenceStore extends SortedSlots implements SlotStore {
  readonly events: readonly string[];
  readonly stride = 3;

  constructor(
    readonly key: string,
    private readonly names: readonly string[],
    private readonly matchers: readonly PropPredicate[],
    readonly lookbackMs: number | undefined,
  ) {
    super();
    this.events = [...new Set(names)];
  }

  apply(p: number, ev: EventView, clock: number): void {
    if (this.lookbackMs !== undefined && ev.ts <= clock - this.lookbackMs) return;
    let mask = 0;
    for (let i = 0; i < this.names.length; i++) {
      if (this.names[i] === ev.event && this.matchers[i]!(ev.properties)) mask |= 1 << i;
    }
    if (mask === 0) return;
    insert(this.arrayOf(p), ev.ts, ev.seq, mask);
  }

  prune(p: number, clock: number): void {
    if (this.lookbackMs !== undefined) this.dropUpTo(p, clock - this.lookbackMs);
  }

  merge(into: number, from: number, clock: number): void {
    const b = this.slots[from];
    if (!b) return;
    const a = this.arrayOf(into);
    for (let i = 0; i < b.length; i += 3) insert(a, b[i]!, b[i + 1]!, b[i + 2]!);
    this.prune(into, clock);
  }

  encode(p: number): unknown {
    const s = this.slots[p] ?? [];
    const ts: number[] = [];
    const seq: number[] = [];
    const m: number[] = [];
    for (let i = 0; i < s.length; i += 3) {
      ts.push(s[i]!);
      seq.push(s[i + 1]!);
      m.push(s[i + 2]!);
    }
    return { ts, seq, m };
  }

  decode(p: number, data: unknown): void {
    const d = data as { ts: number[]; seq: number[]; m: number[] };
    const s: number[] = [];
    for (let i = 0; i < d.ts.length; i++) s.push(d.ts[i]!, d.seq[i]!, d.m[i]!);
    this.slots[p] = s.length ? s : undefined;
  }
}

/** Inserts a step event at its (ts, seq) place. */
function insert(s: number[], ts: number, seq: number, mask: number): void {
  let i = s.length;
  while (i > 0 && (s[i - 3]! > ts || (s[i - 3] === ts && s[i - 2]! > seq))) i -= 3;
  s.push(0, 0, 0);
  for (let j = s.length - 1; j >= i + 3; j--) s[j] = s[j - 3]!;
  s[i] = ts;
  s[i + 1] = seq;
  s[i + 2] = mask;
}
