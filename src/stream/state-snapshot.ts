import type { Plan } from "./plan.js";
import type { ProfileState, TraitCell } from "./profile-state.js";
import type { SlotStore } from "./stores/slot-store.js";

/** Layout version of StreamSnapshot: 1 keyed states by leaf definition, 2 by store content key. */
export const SNAPSHOT_FORMAT = 2;

/** One profile in a snapshot: id, watermark, member segment ids, traits, and states by store content key. */
export interface ProfileSnapshot {
  id: string;
  w: number | null;
  m: string[];
  t?: Array<[string, unknown, number, number]>;
  s?: Array<[string, unknown]>;
}

/**
 * The evaluator's whole state as JSON (table snapshots(name, taken_at, data)). Taken inside the commit of the event
 * with seq `lastSeq`, so restart = restore + replay of events with seq > lastSeq.
 */
export interface StreamSnapshot {
  /** SNAPSHOT_FORMAT; 2 = states keyed by store (content) key. */
  format: number;
  lastSeq: number;
  clock: number | null;
  /** Segment id → version the member bits belong to; a segment with another version now is re-evaluated. */
  segments: Record<string, number>;
  thresholds: Array<number | null>;
  /** Clock of the last rank refresh and whether ranked traits changed since (keeps refresh instants deterministic). */
  rank: { at: number | null; dirty: boolean };
  profiles: ProfileSnapshot[];
}

export const traitsOf = (m: Map<string, TraitCell> | null): Array<[string, unknown, number, number]> | undefined =>
  m ? [...m].map(([k, c]) => [k, c.v, c.ts, c.seq]) : undefined;

/** One profile's snapshot: watermark, member segment ids, traits, and the state of every store it has state in. */
export function encodeProfile(plan: Plan, p: ProfileState): ProfileSnapshot {
  const snap: ProfileSnapshot = {
    id: p.id,
    w: Number.isFinite(p.watermark) ? p.watermark : null,
    m: plan.segments.filter((s) => p.isMember(s.index)).map((s) => s.record.id),
  };
  const t = traitsOf(p.traits);
  if (t) snap.t = t;
  const states: Array<[string, unknown]> = [];
  for (const store of plan.stores) if (store.has(p.num)) states.push([store.key, store.encode(p.num)]);
  if (states.length) snap.s = states;
  return snap;
}

/** Restores a profile snapshot into a fresh profile: member bits of the segments `keepBits` accepts, traits, states. */
export function decodeProfile(
  plan: Plan,
  storeOf: ReadonlyMap<string, SlotStore>,
  ps: ProfileSnapshot,
  p: ProfileState,
  keepBits: (segmentId: string) => boolean,
): void {
  p.watermark = ps.w ?? Number.NEGATIVE_INFINITY;
  for (const id of ps.m) {
    const seg = plan.byId.get(id);
    if (seg && keepBits(id)) p.setMember(seg.index, true);
  }
  for (const [k, v, ts, seq] of ps.t ?? []) p.writeTrait(k, v, ts, seq);
  for (const [key, data] of ps.s ?? []) {
    const store = storeOf.get(key);
    if (!store) continue;
    store.decode(p.num, data);
    p.addStores(store.timedBit);
  }
}
