/** A trait value with the (ts, seq) it was set at: the latest by (ts, seq) wins, whatever the arrival order. */
export interface TraitCell {
  v: unknown;
  ts: number;
  seq: number;
}

/**
 * What the evaluator keeps about one profile besides its leaf states (those live in columnar stores indexed by
 * `num`, a dense number reused after the profile is deleted or merged away): traits, one membership bit per segment
 * and its next wake-up instant.
 */
export class ProfileState {
  traits: Map<string, TraitCell> | null = null;
  bits: Uint32Array;
  wakeAt = Number.POSITIVE_INFINITY;
  /** Instant of the last evaluation: a timer re-evaluates only the leaves whose wake-up (seen from here) is due. */
  evalAt = Number.NEGATIVE_INFINITY;
  /** Greatest event time applied so far: an older event is late (handled exactly, counted in stats). */
  watermark = Number.NEGATIVE_INFINITY;
  /** Deleted or merged away: its timer entries are stale and its number may belong to another profile. */
  dropped = false;

  constructor(
    readonly id: string,
    readonly num: number,
    segments: number,
  ) {
    this.bits = new Uint32Array(Math.max(1, Math.ceil(segments / 32)));
  }

  isMember(seg: number): boolean {
    return ((this.bits[seg >>> 5]! >>> (seg & 31)) & 1) === 1;
  }

  setMember(seg: number, on: boolean): void {
    const w = seg >>> 5;
    if (on) this.bits[w] = this.bits[w]! | (1 << (seg & 31));
    else this.bits[w] = this.bits[w]! & ~(1 << (seg & 31));
  }

  /** Widens the bit set after segments were added. */
  resize(segments: number): void {
    const words = Math.max(1, Math.ceil(segments / 32));
    if (words <= this.bits.length) return;
    const b = new Uint32Array(words);
    b.set(this.bits);
    this.bits = b;
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
