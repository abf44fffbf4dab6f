/**
 * A binary min-heap of (instant, item) with lazy deletion: rescheduling pushes a new entry and the stale one is
 * skipped when popped (the caller checks the item's current wake-up). Only profiles with a pending time-driven change
 * are in it, so idle profiles cost nothing.
 */
export class TimerHeap<T> {
  private times = new Float64Array(64);
  private items: T[] = [];
  private n = 0;

  get size(): number {
    return this.n;
  }

  push(at: number, item: T): void {
    if (this.n === this.times.length) {
      const t = new Float64Array(this.n * 2);
      t.set(this.times);
      this.times = t;
    }
    let i = this.n++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.times[parent]! <= at) break;
      this.times[i] = this.times[parent]!;
      this.items[i] = this.items[parent]!;
      i = parent;
    }
    this.times[i] = at;
    this.items[i] = item;
  }

  /** Rebuilds the heap from the entries `keep` accepts (drops stale ones); O(n log n), run when stale ones pile up. */
  compact(keep: (at: number, item: T) => boolean): void {
    const times = Array.from(this.times.subarray(0, this.n));
    const items = this.items;
    this.n = 0;
    this.items = [];
    for (let i = 0; i < times.length; i++) if (keep(times[i]!, items[i]!)) this.push(times[i]!, items[i]!);
  }

  /** Earliest instant in the heap (Infinity when empty). */
  peek(): number {
    return this.n === 0 ? Number.POSITIVE_INFINITY : this.times[0]!;
  }

  pop(): { at: number; item: T } | undefined {
    if (this.n === 0) return undefined;
    const at = this.times[0]!;
    const item = this.items[0]!;
    const lastAt = this.times[--this.n]!;
    const last = this.items[this.n]!;
    this.items.length = this.n;
    if (this.n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= this.n) break;
        const r = l + 1;
        const c = r < this.n && this.times[r]! < this.times[l]! ? r : l;
        if (this.times[c]! >= lastAt) break;
        this.times[i] = this.times[c]!;
        this.items[i] = this.items[c]!;
        i = c;
      }
      this.times[i] = lastAt;
      this.items[i] = last;
    }
    return { at, item };
  }
}
