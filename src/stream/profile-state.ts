import type { ProfileRows } from "./profile-rows.js";

/** A trait value with the (ts, seq) it was set at: the latest by (ts, seq) wins, whatever the arrival order. */
export interface TraitCell {
  v: unknown;
  ts: number;
  seq: number;
}

/**
 * One profile: its id, its dense number (the index of its state in every store and in ProfileRows; reused after
 * the profile is deleted or merged away) and its traits.
 */
export class ProfileState {
  traits: Map<string, TraitCell> | null = null;
  /** Deleted or merged away: its timer entries are stale and its number may belong to another profile. */
  dropped = false;

  constructor(
    readonly id: string,
    readonly num: number,
    private readonly cols: ProfileRows,
  ) {}

  /** Next instant a timer must look at this profile (Infinity: none pending). */
  get wakeAt(): number {
    return this.cols.f64[this.num * this.cols.stride]!;
  }

  set wakeAt(t: number) {
    this.cols.f64[this.num * this.cols.stride] = t;
  }

  /** Instant of the last evaluation: a timer re-evaluates only the leaves whose wake-up (seen from here) is due. */
  get evalAt(): number {
    return this.cols.f64[this.num * this.cols.stride + 1]!;
  }

  set evalAt(t: number) {
    this.cols.f64[this.num * this.cols.stride + 1] = t;
  }

  /** Greatest event time applied so far: an older event is late (handled exactly, counted in stats). */
  get watermark(): number {
    return this.cols.f64[this.num * this.cols.stride + 2]!;
  }

  set watermark(t: number) {
    this.cols.f64[this.num * this.cols.stride + 2] = t;
  }

  /** Mask of the timed stores (Plan.timedStores) this profile has state in: timers look only at those. */
  get storeMask(): number {
    return this.cols.u32[(this.num * this.cols.stride + 3) * 2]!;
  }

  addStores(bits: number): void {
    const i = (this.num * this.cols.stride + 3) * 2;
    this.cols.u32[i] = this.cols.u32[i]! | bits;
  }

  isMember(seg: number): boolean {
    const c = this.cols;
    return ((c.u32[(this.num * c.stride + 3) * 2 + 1 + (seg >>> 5)]! >>> (seg & 31)) & 1) === 1;
  }

  setMember(seg: number, on: boolean): void {
    const c = this.cols;
    const w = (this.num * c.stride + 3) * 2 + 1 + (seg >>> 5);
    if (on) c.u32[w] = c.u32[w]! | (1 << (seg & 31));
    else c.u32[w] = c.u32[w]! & ~(1 << (seg & 31));
  }

  trait(key: string): TraitCell | undefined {
    return this.traits?.get(key);
  }

  /** Sets a trait if (ts, seq) is at least as late as the current one; returns whether the value changed. */
  writeTrait(key: string, v: unknown, ts: number, seq: number): boolean {
    this.traits ??= new Map();
    const cur = this.traits.get(key);
    if (cur && (cur.ts > ts || (cur.ts === ts && cur.seq > seq))) return false;
    if (cur === undefined) {
      this.traits.set(key, { v, ts, seq });
      return true;
    }
    const was = cur.v;
    cur.v = v;
    cur.ts = ts;
    cur.seq = seq;
    return !sameJson(was, v);
  }
}

/** JSON equality: primitives by value (no serialisation), objects and arrays by their JSON text. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}
