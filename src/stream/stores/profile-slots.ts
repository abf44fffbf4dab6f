import {
  type DueSet,
  firstAfter,
  grownRefs,
  NO_TIMERS,
  type StoreTimers,
  sortedMarkDue,
  sortedWake,
} from "./slot-store.js";

/**
 * What every store keeping one value per profile number shares: the slots (undefined while a profile has no state
 * here), grown with the evaluator's capacity and cleared when a profile is dropped, and the plan's timer settings.
 */
export abstract class ProfileSlots<T> {
  readonly slots: (T | undefined)[] = [];
  timers: StoreTimers = NO_TIMERS;
  timedBit = 0;

  ensure(n: number): void {
    grownRefs(this.slots, n);
  }

  clear(p: number): void {
    this.slots[p] = undefined;
  }

  has(p: number): boolean {
    return this.slots[p] !== undefined;
  }
}

/**
 * A store whose per-profile state is a plain number array of `stride`-long entries sorted by their first number (an
 * event time): its wake-ups and due segments come from those times, its size from the array length.
 */
export abstract class SortedSlots extends ProfileSlots<number[]> {
  abstract readonly stride: number;

  wake(p: number, t: number): number {
    const s = this.slots[p];
    return s ? sortedWake(s, this.stride, this.timers.offsets, t) : Number.POSITIVE_INFINITY;
  }

  markDue(p: number, from: number, to: number, due: DueSet): boolean {
    const s = this.slots[p];
    return s ? sortedMarkDue(s, this.stride, this.timers, from, to, due) : false;
  }

  bytes(p: number): number {
    const s = this.slots[p];
    return s ? 32 + 8 * s.length : 0;
  }

  /** p's array, created empty when absent. */
  protected arrayOf(p: number): number[] {
    let s = this.slots[p];
    if (!s) {
      s = [];
      this.slots[p] = s;
    }
    return s;
  }

  /** Drops p's entries with time ≤ bound (the whole array when none is left). */
  protected dropUpTo(p: number, bound: number): void {
    const s = this.slots[p];
    if (!s) return;
    const drop = firstAfter(s, this.stride, bound) * this.stride;
    if (drop === 0) return;
    if (drop === s.length) {
      this.slots[p] = undefined;
      return;
    }
    for (let j = drop; j < s.length; j++) s[j - drop] = s[j]!;
    s.length -= drop;
  }
}
