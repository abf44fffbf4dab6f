/**
 * One stored message as the evaluator reads it: structurally the subset of ingest's StoredEvent that segments can
 * see (the stream module sits below ingest, so it names the shape instead of importing it).
 */
export interface StreamEvent {
  seq: number;
  ts: number;
  profileId: string;
  type: string;
  event: string | null;
  messageId?: string;
  properties: Record<string, unknown> | null;
  traits: Record<string, unknown> | null;
  extra?: Record<string, unknown> | null;
}

/** An identity merge: the history of `from` now belongs to `into` (ingest's MergeRecord). */
export interface StreamMerge {
  from: string;
  into: string;
  at: number;
  messageId: string;
}

/** What one commit of the write path hands to its listeners (ingest's CommittedBatch). */
export interface StreamBatch {
  events: readonly StreamEvent[];
  merges: readonly StreamMerge[];
}

/**
 * The trait values a message sets, keyed as in the store's trait_values table: every identify trait under its own
 * key, a group call as one "group" trait holding { id, ...traits }.
 */
export function traitWrites(ev: StreamEvent): Array<[string, unknown]> {
  if (ev.type === "identify" && ev.traits) return Object.entries(ev.traits).map(([k, v]) => [k, v ?? null]);
  if (ev.type === "group") {
    const value = JSON.parse(JSON.stringify({ id: ev.extra?.["groupId"], ...(ev.traits ?? {}) })) as unknown;
    return [["group", value]];
  }
  return [];
}
