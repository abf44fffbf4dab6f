import type { PropPredicate } from "../event-filter.js";
import {
  type DueSet,
  type EventView,
  grownColumn,
  markTimer,
  NO_TIMERS,
  type SlotStore,
  type StoreTimers,
} from "./slot-store.js";

const NEG = Number.NEGATIVE_INFINITY;
const INF = Number.POSITIVE_INFINITY;

/**
 * The latest (or earliest) time of a matching event per profile: one Float64Array column. Serves `performed … within`
 * with "at least once"/"never", `last`, both sides of `did … thenNot`, and (earliest) `first`.
 */
export class InstantStore implements SlotStore {
  readonly events: readonly string[];
  col: Float64Array = new Float64Array(0);
  timers: StoreTimers = NO_TIMERS;
  timedBit = 0;
  private readonly empty: number;

  constructor(
    readonly key: string,
    event: string,
    private readonly match: PropPredicate,
    readonly latest: boolean,
  ) {
    this.events = [event];
    this.empty = latest ? NEG : INF;
  }

  ensure(n: number): void {
    this.col = grownColumn(this.col, n, this.empty);
  }

  apply(p: number, ev: EventView): void {
    const cur = this.col[p]!;
    if (this.latest ? ev.ts > cur : ev.ts < cur) {
      if (this.match(ev.properties)) this.col[p] = ev.ts;
    }
  }

  prune(): void {}

  merge(into: number, from: number): void {
    const a = this.col[into]!;
    const b = this.col[from]!;
    this.col[into] = this.latest ? Math.max(a, b) : Math.min(a, b);
  }

  wake(p: number, t: number): number {
    const a = this.col[p]!;
    const offsets = this.timers.offsets;
    for (let k = 0; k < offsets.length; k++) if (a + offsets[k]! > t) return a + offsets[k]!;
    return INF;
  }

  markDue(p: number, from: number, to: number, due: DueSet): boolean {
    const a = this.col[p]!;
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
    this.col[p] = this.empty;
  }

  has(p: number): boolean {
    return this.col[p] !== this.empty;
  }

  bytes(): number {
    return 0;
  }

  encode(p: number): unknown {
    return this.col[p];
  }

  decode(p: number, data: unknown): void {
    this.col[p] = typeof data === "number" ? data : this.empty;
  }
}
