import { anonKey, type CommittedBatch, Ingestor, userKey, validateAll } from "../src/ingest/index.js";
import type { SegmentMessage, SegmentRecord } from "../src/model/index.js";
import { DuckDBStore } from "../src/store/index.js";
import { StreamEvaluator, type StreamEvent, type StreamMerge } from "../src/stream/index.js";
import type { Engine } from "./engine.js";

/**
 * The streaming evaluator as a conformance engine. Messages go through the real Ingestor (so identity resolution is
 * the write path's own) and are captured from its commit hook. Membership at t is the evaluator's state after
 * replaying, in arrival order, every event with time ≤ t (later messages still create their profile and apply their
 * identity merges, exactly as the batch store sees them) and then advancing the event-time clock to t, which fires
 * every window/absence timer due by t.
 */
export async function createStreamEngine(): Promise<Engine> {
  const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
  const ingestor = await Ingestor.create(store);
  const events: StreamEvent[] = [];
  const merges: StreamMerge[] = [];
  ingestor.onCommitted((batch: CommittedBatch) => {
    events.push(...batch.events);
    merges.push(...batch.merges);
  });
  return {
    name: "stream",
    async load(messages: readonly SegmentMessage[]) {
      await ingestor.ingest(validateAll([...messages], ["messages"]), { source: "conformance" });
    },
    async membersAt(segments: readonly SegmentRecord[], t: number) {
      const ev = new StreamEvaluator(segments);
      const byMessage = new Map<string, StreamMerge[]>();
      for (const m of merges) byMessage.set(m.messageId, [...(byMessage.get(m.messageId) ?? []), m]);
      for (const e of events) {
        for (const m of byMessage.get(e.messageId ?? "") ?? []) ev.applyMerge(m);
        if (e.ts <= t) ev.applyEvent(e);
        else ev.ensureProfile(e.profileId);
      }
      ev.advanceTo(t);
      ev.refreshRanks();
      return new Map(segments.map((s) => [s.id, ev.members(s.id)]));
    },
    async profileOf(externalId: string) {
      return (
        ingestor.identities.profileOfKey(userKey(externalId)) ?? ingestor.identities.profileOfKey(anonKey(externalId))
      );
    },
    close: () => store.close(),
  };
}
