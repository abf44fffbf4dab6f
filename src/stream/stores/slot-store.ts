/** What a store sees of a matching event: the evaluator reuses one view for every event (no per-event objects). */
export interface EventView {
  event: string;
  ts: number;
  seq: number;
  properties: Record<string, unknown> | null;
}

/**
 * Columnar per-profile state of one kind of evidence (latest time of an event, a window ring, totals, sequence steps),
 * indexed by the profile's dense number. Leaves that need the same evidence share one store (the plan keys stores by
 * what determines their content), so e.g. every `performed "X" within …`, `last "X"` and `did "X" …` read one column
 * of latest times. Every store is a commutative summary: a late event or an identity merge updates it exactly.
 */
export interface SlotStore {
  /** Definition of the content: equal keys hold equal state (snapshots name states by it). */
  readonly key: string;
  /** Event names the store listens to. */
  readonly events: readonly string[];
  /** Makes room for profile numbers below `n`. */
  ensure(n: number): void;
  /** Folds a matching-name event into profile p's state (the store applies its own property filter). */
  apply(p: number, ev: EventView, clock: number): void;
  /** Drops what no window can see any more at `clock`. */
  prune(p: number, clock: number): void;
  /** Folds profile `from`'s state into `into`'s. */
  merge(into: number, from: number, clock: number): void;
  /** Forgets p's state (deleted or merged away profile; the number may be reused). */
  clear(p: number): void;
  /** Whether p has any state here. */
  has(p: number): boolean;
  /** Approximate bytes held for p beyond the dense column slot (for the state-size report). */
  bytes(p: number): number;
  encode(p: number): unknown;
  decode(p: number, data: unknown): void;
  /** Set by the plan: when the leaves reading this store can change with time alone. */
  timers: StoreTimers;
  /** Set by the plan: this store's bit in a profile's mask of timed stores it has state in (0: not timed). */
  timedBit: number;
  /** The next instant > t at which a leaf reading p's state here may change with no new input (Infinity: never). */
  wake(p: number, t: number): number;
  /** Marks the segments of leaves that may change in (from, to] by time alone; returns whether there were any. */
  markDue(p: number, from: number, to: number, due: DueSet): boolean;
}

/**
 * Time-driven changes of the leaves reading a store: each may change at (an anchor instant of the state) + one of
 * its offsets — e.g. `performed … within 7d` at latest + 7d, `first … within 1d` at f and f + 1d. Offsets ascending,
 * with the segments (and dependents) of the leaves that have each.
 */
export interface StoreTimers {
  offsets: Float64Array;
  segments: Int32Array[];
}

export const NO_TIMERS: StoreTimers = { offsets: new Float64Array(0), segments: [] };

/** Segments a timer must re-evaluate: a mark per segment plus the list of marked ones (no scan of all segments). */
export class DueSet {
  readonly mark: Uint8Array;
  readonly list: Int32Array;
  n = 0;

  constructor(segments: number) {
    this.mark = new Uint8Array(segments);
    this.list = new Int32Array(segments);
  }

  addAll(segs: Int32Array): void {
    for (let k = 0; k < segs.length; k++) {
      const s = segs[k]!;
      if (this.mark[s] === 0) {
        this.mark[s] = 1;
        this.list[this.n++] = s;
      }
    }
  }

  /** Sorts the list ascending (topological order) and clears the marks; returns the count. */
  close(): number {
    const list = this.list;
    const n = this.n;
    for (let i = 1; i < n; i++) {
      const x = list[i]!;
      let j = i - 1;
      while (j >= 0 && list[j]! > x) {
        list[j + 1] = list[j]!;
        j--;
      }
      list[j + 1] = x;
    }
    for (let i = 0; i < n; i++) this.mark[list[i]!] = 0;
    this.n = 0;
    return n;
  }
}

/** Marks every segment of timer i. */
export function markTimer(timers: StoreTimers, i: number, due: DueSet): void {
  due.addAll(timers.segments[i]!);
}

/**
 * Wake-up over sorted anchors `xs[0], xs[stride], …` (the state's event times): for each offset, the first anchor a
 * with a + o > t gives a + o; the smallest of those.
 */
export function sortedWake(xs: readonly number[], stride: number, offsets: Float64Array, t: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (let k = 0; k < offsets.length; k++) {
    const o = offsets[k]!;
    const i = firstAfter(xs, stride, t - o) * stride;
    if (i < xs.length && xs[i]! + o < best) best = xs[i]! + o;
  }
  return best;
}

/** Marks the timers (offsets) of sorted anchors with some a + o in (from, to]. */
export function sortedMarkDue(
  xs: readonly number[],
  stride: number,
  timers: StoreTimers,
  from: number,
  to: number,
  due: DueSet,
): boolean {
  let any = false;
  for (let k = 0; k < timers.offsets.length; k++) {
    const o = timers.offsets[k]!;
    const i = firstAfter(xs, stride, from - o) * stride;
    if (i < xs.length && xs[i]! + o <= to) {
      markTimer(timers, k, due);
      any = true;
    }
  }
  return any;
}

/** Index (in entries) of the first entry with time > bound, in sorted entries of the given stride. */
export function firstAfter(r: readonly number[], stride: number, bound: number): number {
  let lo = 0;
  let hi = r.length / stride;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r[mid * stride]! > bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** A sparse per-profile reference column: a plain array kept dense (filled with undefined) so V8 keeps it fast. */
export function grownRefs<T>(refs: (T | undefined)[], n: number): void {
  while (refs.length < n) refs.push(undefined);
}
