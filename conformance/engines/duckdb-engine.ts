import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { membersAt, segmentMap } from "../../src/segments/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import type { Engine } from "../engine.js";
import { simpleLoad } from "../simple-loader.js";

/** The batch engine: messages into an in-memory DuckDB store, membership by the compiled SQL. */
export async function createDuckDBEngine(): Promise<Engine> {
  const store = await DuckDBStore.open({ dataDir: null, threads: 1 });
  return {
    name: "duckdb",
    load: (messages: readonly SegmentMessage[]) => simpleLoad(store, messages),
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
      return externalId;
    },
    close: () => store.close(),
  };
}
