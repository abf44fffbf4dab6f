/** A trait value with the (ts, seq) it was set at: the latest by (ts, seq) wins, whatever the arrival order. */
export interface TraitCell {
  v: unknown;
  ts: number;
  seq: number;
}

/**
 * The per-profile numbers of every profile in columns indexed by profile number: membership bits (one word per 32
 * segments) and the wake-up, last-evaluation and watermark instants. A profile object then holds only its id, number
 * and traits (object fields would box each double in its own heap number).
 */
export class ProfileColumns {
  readonly words: number;
  bits: Uint32Array = new Uint32Array(0);
  wakeAt: Float64Array = new Float64Array(0);
  evalAt: Float64Array = new Float64Array(0);
  watermark: Float64Array = new Float64Array(0);
  /** Bits of the timed stores (Plan.timedStores) a profile has state in: timers and wake-ups look only at those. */
  stores: Uint32Array = new Uint32Array(0);

  constructor(segments: number) {
    this.words = Math.max(1, Math.ceil(segments / 32));
  }

  ensure(n: number): void {
    if (n <= this.wakeAt.length) return;
    const bits = new Uint32Array(n * this.words);
    bits.set(this.bits);
    this.bits = bits;
    this.wakeAt = grow(this.wakeAt, n);
    this.evalAt = grow(this.evalAt, n);
    this.watermark = grow(this.watermark, n);
    const stores = new Uint32Array(n);
    stores.set(this.stores);
    this.stores = stores;
  }

  /** Initial values for a (new or reused) profile number. */
  reset(p: number): void {
    this.bits.fill(0, p * this.words, (p + 1) * this.words);
    this.wakeAt[p] = Number.POSITIVE_INFINITY;
    this.evalAt[p] = Number.NEGATIVE_INFINITY;
    this.watermark[p] = Number.NEGATIVE_INFINITY;
    this.stores[p] = 0;
  }
}

function grow(a: Float64Array, n: number): Float64Array {
  const b = new Float64Array(n);
  b.set(a);
  return b;
}

/**
 * One profile: its id, its dense number (the index of its state in every store and in ProfileColumns; reused after
 * the profile is deleted or merged away) and its traits.
 */
export class ProfileState {
  traits: Map<string, TraitCell> | null = null;
  /** Deleted or merged away: its timer entries are stale and its number may belong to another profile. */
  dropped = false;

  constructor(
    readonly id: string,
    readonly num: number,
    private readonly cols: ProfileColumns,
  ) {}

  /** Next instant a timer must look at this profile (Infinity: none pending). */
  get wakeAt(): number {
    return this.cols.wakeAt[this.num]!;
  }

  set wakeAt(t: number) {
    this.cols.wakeAt[this.num] = t;
  }

  /** Instant of the last evaluation: a timer re-evaluates only the leaves whose wake-up (seen from here) is due. */
  get evalAt(): number {
    return this.cols.evalAt[this.num]!;
  }

  set evalAt(t: number) {
    this.cols.evalAt[this.num] = t;
  }

  /** Greatest event time applied so far: an older event is late (handled exactly, counted in stats). */
  get watermark(): number {
    return this.cols.watermark[this.num]!;
  }

  set watermark(t: number) {
    this.cols.watermark[this.num] = t;
  }

  /** Mask of the timed stores this profile has state in (see ProfileColumns.stores). */
  get storeMask(): number {
    return this.cols.stores[this.num]!;
  }

  addStores(bits: number): void {
    this.cols.stores[this.num] = this.cols.stores[this.num]! | bits;
  }

  isMember(seg: number): boolean {
    const c = this.cols;
    return ((c.bits[this.num * c.words + (seg >>> 5)]! >>> (seg & 31)) & 1) === 1;
  }

  setMember(seg: number, on: boolean): void {
    const c = this.cols;
    const w = this.num * c.words + (seg >>> 5);
    if (on) c.bits[w] = c.bits[w]! | (1 << (seg & 31));
    else c.bits[w] = c.bits[w]! & ~(1 << (seg & 31));
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
