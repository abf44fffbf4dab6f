import type { TraitCell } from "./profile-state.js";

/** One profile in a snapshot: id, watermark, member segment ids, traits, and leaf states by leaf definition. */
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
  format: 1;
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
