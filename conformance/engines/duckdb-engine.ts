import { anonKey, Ingestor, userKey, validateAll } from "../../src/ingest/index.js";
import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { membersAt, segmentMap } from "../../src/segments/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import type { Engine } from "../engine.js";

/** The batch engine: messages through the real Ingestor into an in-memory DuckDB store, membership by compiled SQL. */
export async function createDuckDBEngine(): Promise<Engine> {
  const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
  const ingestor = await Ingestor.create(store);
  return {
    name: "duckdb",
    async load(messages: readonly SegmentMessage[]) {
      await ingestor.ingest(validateAll([...messages], ["messages"]), { source: "conformance" });
    },
    async membersAt(segments: readonly SegmentRecord[], t: number) {
      const lists = await membersAt(
        store,
        segments.map((s) => ({ segmentId: s.id })),
        t,
        segmentMap(segments),
      );
      return new Map(segments.map((s, i) => [s.id, lists[i] ?? []]));
    },
    async profileOf(externalId: string) {
      const rows = await store.all<{ profile_id: string }>(
        "SELECT profile_id FROM identities WHERE id_key IN ($1, $2) ORDER BY id_key DESC",
        [userKey(externalId), anonKey(externalId)],
      );
      return rows[0]?.profile_id;
    },
    close: () => store.close(),
  };
}
