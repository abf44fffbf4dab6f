import type { Condition, SegmentMessage, SegmentRecord } from "../src/model/index.js";

/** A segment as a scenario states it: id, definition, optional parent. */
export interface ScenarioSegment {
  id: string;
  definition: Condition;
  parent?: string;
}

export interface ScenarioCheck {
  /** ISO instant t. */
  at: string;
  /** Expected members per segment id, by external id (userId, or anonymousId of never-identified people). */
  expect: Record<string, string[]>;
}

export interface Scenario {
  name: string;
  /** Node kinds and edges this scenario covers (the coverage test reads them). */
  covers: string[];
  /** Messages in arrival order (which may differ from event-time order). */
  messages: SegmentMessage[];
  segments: ScenarioSegment[];
  checks: ScenarioCheck[];
  /** Needs identity resolution (alias / identify with both ids): engines must load through the real ingest path. */
  needsMerges?: boolean;
}

export const toRecords = (segs: readonly ScenarioSegment[]): SegmentRecord[] =>
  segs.map((s) => ({
    id: s.id,
    name: s.id,
    definition: s.definition,
    ...(s.parent === undefined ? {} : { parent: s.parent }),
    refresh: "realtime",
    version: 1,
  }));

const T0 = Date.parse("2024-03-01T00:00:00Z");
let counter = 0;

/** Instant `offset` after 2024-03-01T00:00Z, e.g. at("2d"), at("36h"), at("2d1h"); ISO string. */
export function at(offset: string): string {
  let ms = 0;
  for (const m of offset.matchAll(/(-?\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g)) {
    const unit = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[m[2] as "ms"];
    ms += Number(m[1]) * unit;
  }
  return new Date(T0 + ms).toISOString();
}

const id = (): string => `m${++counter}`;

export const track = (user: string, event: string, when: string, properties: Record<string, unknown> = {}) =>
  ({ type: "track", messageId: id(), userId: user, event, timestamp: at(when), properties }) as SegmentMessage;

export const anonTrack = (anon: string, event: string, when: string, properties: Record<string, unknown> = {}) =>
  ({ type: "track", messageId: id(), anonymousId: anon, event, timestamp: at(when), properties }) as SegmentMessage;

export const identify = (user: string, traits: Record<string, unknown>, when: string, anon?: string) =>
  ({
    type: "identify",
    messageId: id(),
    userId: user,
    ...(anon === undefined ? {} : { anonymousId: anon }),
    traits,
    timestamp: at(when),
  }) as SegmentMessage;

export const page = (user: string, name: string, when: string, properties: Record<string, unknown> = {}) =>
  ({ type: "page", messageId: id(), userId: user, name, timestamp: at(when), properties }) as SegmentMessage;

export const alias = (user: string, previousId: string, when: string) =>
  ({ type: "alias", messageId: id(), userId: user, previousId, timestamp: at(when) }) as SegmentMessage;
