import type { PropPredicate } from "../event-filter.js";
import { asNumber, pathGet } from "../json-value.js";
import { internedName, internName, internValue } from "./intern.js";
import { SortedSlots } from "./profile-slots.js";
import type { EventView, SlotStore } from "./slot-store.js";

/**
 * A windowed `performed`: per profile a sorted list of the matching event times still in (clock − window, clock]
 * (and, with an aggregate, one number per event: interleaved [t0, v0, t1, v1, …]) in a plain number array — V8 keeps
 * it as unboxed doubles with a 32-byte header, where a typed array would cost ~150 bytes however short. A count-only
 * window keeps just the newest `cap` times. Absent (undefined) while empty.
 */
export class RingStore extends SortedSlots implements SlotStore {
  readonly events: readonly string[];
  /** 1: times only; 2: (time, value) pairs. */
  readonly stride: 1 | 2;

  constructor(
    readonly key: string,
    event: string,
    private readonly match: PropPredicate,
    readonly windowMs: number,
    readonly cap: number,
    private readonly aggPath: string[] | null,
    private readonly distinct: boolean,
  ) {
    super();
    this.events = [event];
    this.stride = aggPath ? 2 : 1;
  }

  private value(props: Record<string, unknown> | null): number {
    const x = pathGet(props, this.aggPath!);
    return this.distinct ? internValue(x) : (asNumber(x) ?? Number.NaN);
  }

  apply(p: number, ev: EventView, clock: number): void {
    if (ev.ts <= clock - this.windowMs || !this.match(ev.properties)) return;
    this.insert(this.arrayOf(p), ev.ts, this.stride === 2 ? this.value(ev.properties) : 0);
  }

  /** Inserts (t, v) after every entry with time ≤ t; keeps only the newest `cap` entries. */
  private insert(r: number[], t: number, v: number): void {
    const k = this.stride;
    let i = r.length;
    while (i > 0 && r[i - k]! > t) i -= k;
    if (r.length >= this.cap * k) {
      if (i === 0) return; // older than every kept entry of a full ring: never among the newest `cap`
      for (let j = 0; j < i - k; j++) r[j] = r[j + k]!;
      r[i - k] = t;
      if (k === 2) r[i - 1] = v;
      return;
    }
    for (let j = 0; j < k; j++) r.push(0);
    for (let j = r.length - 1; j >= i + k; j--) r[j] = r[j - k]!;
    r[i] = t;
    if (k === 2) r[i + 1] = v;
  }

  prune(p: number, clock: number): void {
    this.dropUpTo(p, clock - this.windowMs);
  }

  merge(into: number, from: number, clock: number): void {
    const b = this.slots[from];
    if (!b) return;
    const a = this.arrayOf(into);
    const k = this.stride;
    for (let i = 0; i < b.length; i += k) this.insert(a, b[i]!, k === 2 ? b[i + 1]! : 0);
    this.prune(into, clock);
  }

  encode(p: number): unknown {
    const r = this.slots[p] ?? [];
    if (this.stride === 1) return { ts: [...r] };
    const ts: number[] = [];
    const vs: (number | string | null)[] = [];
    for (let i = 0; i < r.length; i += 2) {
      ts.push(r[i]!);
      const v = r[i + 1]!;
      vs.push(this.distinct ? internedName(v) : Number.isNaN(v) ? null : v);
    }
    return { ts, vs };
  }

  decode(p: number, data: unknown): void {
    const d = data as { ts: number[]; vs?: (number | string | null)[] };
    if (d.ts.length === 0) {
      this.slots[p] = undefined;
      return;
    }
    if (this.stride === 1) {
      this.slots[p] = [...d.ts];
      return;
    }
    const r: number[] = [];
    d.ts.forEach((t, i) => {
      const v = d.vs?.[i] ?? null;
      r.push(t, this.distinct ? internName(v) : typeof v === "number" ? v : Number.NaN);
    });
    this.slots[p] = r;
  }
}
