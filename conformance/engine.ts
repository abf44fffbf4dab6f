import type { SegmentMessage, SegmentRecord } from "../src/model/index.js";

/**
 * What every engine (SQL dialects, the streaming evaluator) implements to run the conformance scenarios. Members are
 * reported as the engine's profile ids; `profileOf` maps an external id (userId or anonymousId) to that profile, so
 * scenarios can name people by the ids they were sent with, whatever id scheme an engine uses.
 */
export interface Engine {
  readonly name: string;
  /** Loads messages in the given (arrival) order. */
  load(messages: readonly SegmentMessage[]): Promise<void>;
  /** Members of every segment at instant t (epoch ms), keyed by segment id. */
  membersAt(segments: readonly SegmentRecord[], t: number): Promise<Map<string, string[]>>;
  profileOf(externalId: string): Promise<string | undefined>;
  close(): Promise<void>;
}

export type EngineFactory = () => Promise<Engine>;
