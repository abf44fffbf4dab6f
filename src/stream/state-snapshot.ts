import type { TraitCell } from "./profile-state.js";

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
