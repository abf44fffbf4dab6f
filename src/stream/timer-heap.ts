/**
 * A 4-ary min-heap of (instant, item) with lazy deletion (half the depth of a binary heap: fewer cache misses on a
 * heap of a few hundred thousand profiles): rescheduling pushes a new entry and the stale one is
 * skipped when popped (the caller checks the item's current wake-up). Only profiles with a pending time-driven change
 * are in it, so idle profiles cost nothing.
 */
export class TimerHeap<T> {
  private times = new Float64Array(64);
  private items: (T | undefined)[] = [];
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
      const parent = (i - 1) >> 2;
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

  /** Removes the earliest entry and returns its item (its instant is what peek() said); undefined when empty. */
  pop(): T | undefined {
    if (this.n === 0) return undefined;
    const item = this.items[0]!;
    const lastAt = this.times[--this.n]!;
    const last = this.items[this.n]!;
    this.items[this.n] = undefined;
    if (this.n > 0) {
      let i = 0;
      for (;;) {
        const first = 4 * i + 1;
        if (first >= this.n) break;
        const end = Math.min(first + 4, this.n);
        let c = first;
        let ct = this.times[first]!;
        for (let k = first + 1; k < end; k++) {
          const kt = this.times[k]!;
          if (kt < ct) {
            c = k;
            ct = kt;
          }
        }
        if (ct >= lastAt) break;
        this.times[i] = ct;
        this.items[i] = this.items[c]!;
        i = c;
      }
      this.times[i] = lastAt;
      this.items[i] = last;
    }
    return item;
  }
}
