/** Shapes of the API answers the UI reads (see docs/ui.md, "API the UI expects"). */
export type Condition = Record<string, unknown>;

export interface SegmentRecord {
  id: string;
  name: string;
  description?: string;
  parent?: string;
  definition: Condition;
  refresh?: string;
  tags?: string[];
  version?: number;
  holdout?: { percent: number; salt: string };
  size?: number;
}

export interface SegmentStat {
  id: string;
  size: number;
  entered: number;
  exited: number;
  growth: number | null;
}

export interface Catalog {
  population: number;
  events: {
    name: string;
    count: number;
    lastSeen: string | null;
    properties: { key: string; type: string; share: number }[];
  }[];
  traits: { key: string; profiles: number; type: string; topValues: { value: unknown; profiles: number }[] }[];
  computedTraits: { name: string; profiles: number; type: string }[];
}

export interface Breakdown {
  trait: string;
  kind: "categorical" | "numeric";
  members: number;
  population: number;
  buckets: { label: string; from?: number; to?: number; members: number; population: number }[];
  missing: { members: number; population: number };
}

export interface Sizes {
  current: number;
  days: { day: string; entered: number; exited: number; size: number }[];
}

export interface Overlap {
  ids: string[];
  sizes: number[];
  matrix: number[][];
  combinations: { segments: string[]; size: number }[];
  population: number;
}

export interface Diagnostic {
  code?: string;
  severity?: string;
  message: string;
  path?: (string | number)[];
  span?: { start: number; end: number; line?: number; column?: number } | { line: number; column: number };
  line?: number;
  column?: number;
}

export interface Profile {
  id: string;
  identities: { userIds: string[]; anonymousIds: string[] };
  traits: Record<string, unknown>;
  computedTraits: Record<string, unknown>;
  firstSeen: string | null;
  lastSeen: string | null;
  eventCount: number;
  eventCounts: Record<string, number>;
  merges: { from: string; at: string }[];
  memberships: { segment: string; version: number; since: string; reason: string }[];
}

export interface TimelineEvent {
  messageId: string;
  type: string;
  event: string | null;
  name: string | null;
  timestamp: string;
  properties: Record<string, unknown> | null;
  traits: Record<string, unknown> | null;
}

/** Lists come back either bare or wrapped ({ segments: [...] }); the UI accepts both. */
export function listOf<T>(body: unknown, key: string): T[] {
  if (Array.isArray(body)) return body as T[];
  if (body && typeof body === "object") {
    const v = (body as Record<string, unknown>)[key] ?? (body as Record<string, unknown>)["items"];
    if (Array.isArray(v)) return v as T[];
  }
  return [];
}

/** A size from a preview/eval answer: { size } or { count }. */
export function sizeOf(body: unknown): number | undefined {
  if (!body || typeof body !== "object") return undefined;
  const b = body as Record<string, unknown>;
  const v = b["size"] ?? b["count"];
  return typeof v === "number" ? v : undefined;
}
