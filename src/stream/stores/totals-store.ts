import type { PropPredicate } from "../event-filter.js";
import { asNumber, pathGet } from "../json-value.js";
import { internedName, internName, internValue } from "./intern.js";
import { ProfileSlots } from "./profile-slots.js";
import type { EventView, SlotStore } from "./slot-store.js";

/** All-time (or `between`) totals of one profile: order-insensitive, so late events and merges just add. */
export interface Totals {
  count: number;
  sum: number;
  nums: number;
  min: number;
  max: number;
  keys: number[] | null;
}

const INF = Number.POSITIVE_INFINITY;
const NEG = Number.NEGATIVE_INFINITY;

/** `performed` with no window: count, sum, numeric count, min, max and distinct set of the events in [from, to). */
export class TotalsStore extends ProfileSlots<Totals> implements SlotStore {
  readonly events: readonly string[];

  constructor(
    readonly key: string,
    event: string,
    private readonly match: PropPredicate,
    private readonly from: number,
    private readonly to: number,
    private readonly aggPath: string[] | null,
    private readonly distinct: boolean,
  ) {
    super();
    this.events = [event];
  }

  private get(p: number): Totals {
    let s = this.slots[p];
    if (!s) {
      s = { count: 0, sum: 0, nums: 0, min: INF, max: NEG, keys: null };
      this.slots[p] = s;
    }
    return s;
  }

  apply(p: number, ev: EventView): void {
    if (ev.ts < this.from || ev.ts >= this.to || !this.match(ev.properties)) return;
    const s = this.get(p);
    s.count++;
    if (!this.aggPath) return;
    const x = pathGet(ev.properties, this.aggPath);
    if (this.distinct) {
      const v = internValue(x);
      if (Number.isNaN(v)) return;
      s.keys ??= [];
      if (!s.keys.includes(v)) s.keys.push(v);
      return;
    }
    const v = asNumber(x);
    if (v === undefined) return;
    s.sum += v;
    s.nums++;
    if (v < s.min) s.min = v;
    if (v > s.max) s.max = v;
  }

  prune(): void {}

  merge(into: number, from: number): void {
    const y = this.slots[from];
    if (!y) return;
    const x = this.get(into);
    x.count += y.count;
    x.sum += y.sum;
    x.nums += y.nums;
    x.min = Math.min(x.min, y.min);
    x.max = Math.max(x.max, y.max);
    if (y.keys) {
      x.keys ??= [];
      for (const k of y.keys) if (!x.keys.includes(k)) x.keys.push(k);
    }
  }

  wake(): number {
    return INF;
  }

  markDue(): boolean {
    return false;
  }

  bytes(p: number): number {
    const s = this.slots[p];
    return s ? 64 + (s.keys ? 32 + 8 * s.keys.length : 0) : 0;
  }

  encode(p: number): unknown {
    const s = this.slots[p]!;
    return { ...s, keys: s.keys ? s.keys.map(internedName) : null };
  }

  decode(p: number, data: unknown): void {
    const t = data as Omit<Totals, "keys" | "min" | "max"> & {
      keys: unknown[] | null;
      min: number | null;
      max: number | null;
    };
    this.slots[p] = {
      count: t.count,
      sum: t.sum,
      nums: t.nums,
      min: t.min ?? INF,
      max: t.max ?? NEG,
      keys: t.keys ? t.keys.map(internName) : null,
    };
  }
}
