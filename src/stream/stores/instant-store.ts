import type { PropPredicate } from "../event-filter.js";
import { ProfileRows } from "../profile-rows.js";
import { type DueSet, type EventView, markTimer, NO_TIMERS, type SlotStore, type StoreTimers } from "./slot-store.js";

const NEG = Number.NEGATIVE_INFINITY;
const INF = Number.POSITIVE_INFINITY;

/**
 * The latest (or earliest) time of a matching event per profile: one double in the profile's row. Serves `performed … within`
 * with "at least once"/"never", `last`, both sides of `did … thenNot`, and (earliest) `first`.
 */
export class InstantStore implements SlotStore {
  readonly events: readonly string[];
  /** Rows of the evaluator's per-profile table (bound by it): this store's cell is at p × stride + cell. */
  private table: ProfileRows = new ProfileRows(0, 0);
  private cell = 0;
  timers: StoreTimers = NO_TIMERS;
  timedBit = 0;
  /** The value of a profile with no matching event: −∞ for latest, +∞ for earliest. */
  readonly empty: number;

  constructor(
    readonly key: string,
    event: string,
    private readonly match: PropPredicate,
    readonly latest: boolean,
  ) {
    this.events = [event];
    this.empty = latest ? NEG : INF;
  }

  /** Keeps the state in the evaluator's profile rows (next to the profile's other numbers: one cache line). */
  bind(table: ProfileRows, cell: number): void {
    this.table = table;
    this.cell = cell;
  }

  /** Profile p's latest (earliest) matching time. */
  at(p: number): number {
    const t = this.table;
    return t.f64[p * t.stride + this.cell]!;
  }

  private set(p: number, x: number): void {
    const t = this.table;
    t.f64[p * t.stride + this.cell] = x;
  }

  ensure(): void {}

  apply(p: number, ev: EventView): void {
    const cur = this.at(p);
    if (this.latest ? ev.ts > cur : ev.ts < cur) {
      if (this.match(ev.properties)) this.set(p, ev.ts);
    }
  }

  prune(): void {}

  merge(into: number, from: number): void {
    const a = this.at(into);
    const b = this.at(from);
    this.set(into, this.latest ? Math.max(a, b) : Math.min(a, b));
  }

  wake(p: number, t: number): number {
    const a = this.at(p);
    const offsets = this.timers.offsets;
    for (let k = 0; k < offsets.length; k++) if (a + offsets[k]! > t) return a + offsets[k]!;
    return INF;
  }

  markDue(p: number, from: number, to: number, due: DueSet): boolean {
    const a = this.at(p);
    const offsets = this.timers.offsets;
    let any = false;
    for (let k = 0; k < offsets.length; k++) {
      const x = a + offsets[k]!;
      if (x > to) break;
      if (x > from) {
        markTimer(this.timers, k, due);
        any = true;
      }
    }
    return any;
  }

  clear(p: number): void {
    this.set(p, this.empty);
  }

  has(p: number): boolean {
    return this.at(p) !== this.empty;
  }

  bytes(): number {
    return 0;
  }

  encode(p: number): unknown {
    return this.at(p);
  }

  decode(p: number, data: unknown): void {
    this.set(p, typeof data === "number" ? data : this.empty);
  }
}
