// One shared slot → position index for the profile being evaluated (evaluation is single-threaded and works on one
// profile at a time), so leaf state lookups are O(1) without a per-profile table of every slot.
let owner: ProfileState | null = null;
let generation = 0;
let posOf = new Int32Array(256);
let genOf = new Int32Array(256);
function growIndex(n: number): void {
  const size = Math.max(n, posOf.length * 2);
  const p = new Int32Array(size);
  p.set(posOf);
  const g = new Int32Array(size);
  g.set(genOf);
  posOf = p;
  genOf = g;
}

/** A trait value with the (ts, seq) it was set at: the latest by (ts, seq) wins, whatever the arrival order. */
export interface TraitCell {
  v: unknown;
  ts: number;
  seq: number;
}

/**
 * Everything the evaluator keeps about one profile: the states of the leaves it has touched (a short parallel list,
 * not a slot per leaf of every segment), its traits, one membership bit per segment and its next wake-up instant.
 */
export class ProfileState {
  slotIds: number[] = [];
  slotStates: unknown[] = [];
  /** Cached next wake-up of each slot (−Infinity: unknown, recompute); valid while the state is unchanged. */
  slotWake: number[] = [];
  traits: Map<string, TraitCell> | null = null;
  bits: Uint32Array;
  wakeAt = Number.POSITIVE_INFINITY;
  /** Instant of the last evaluation: a timer re-evaluates only the slots whose wake-up (seen from here) is due. */
  evalAt = Number.NEGATIVE_INFINITY;
  /** Greatest event time applied so far: an older event is late (handled exactly, counted in stats). */
  watermark = Number.NEGATIVE_INFINITY;

  constructor(
    readonly id: string,
    segments: number,
  ) {
    this.bits = new Uint32Array(Math.max(1, Math.ceil(segments / 32)));
  }

  /** Position of a slot in this profile's list, through a shared index rebuilt when another profile is looked at. */
  private pos(slot: number): number {
    if (owner !== this) {
      owner = this;
      generation++;
      const ids = this.slotIds;
      for (let i = 0; i < ids.length; i++) {
        const id = ids[i]!;
        if (id >= posOf.length) growIndex(id + 1);
        posOf[id] = i;
        genOf[id] = generation;
      }
    }
    return slot < genOf.length && genOf[slot] === generation ? posOf[slot]! : -1;
  }

  state(slot: number): unknown {
    const i = this.pos(slot);
    return i < 0 ? undefined : this.slotStates[i];
  }

  setState(slot: number, s: unknown): void {
    const i = this.pos(slot);
    if (i >= 0) {
      this.slotStates[i] = s;
      this.slotWake[i] = Number.NEGATIVE_INFINITY;
      return;
    }
    this.slotIds.push(slot);
    this.slotStates.push(s);
    this.slotWake.push(Number.NEGATIVE_INFINITY);
    if (slot >= posOf.length) growIndex(slot + 1);
    posOf[slot] = this.slotIds.length - 1;
    genOf[slot] = generation;
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
    this.traits.set(key, { v, ts, seq });
    return cur === undefined || JSON.stringify(cur.v) !== JSON.stringify(v);
  }
}
