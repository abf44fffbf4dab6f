/**
 * A live ingestion process for the crash test: opens a data directory, starts the streaming evaluator on the write
 * path and ingests a message file in randomly sized commits, printing "acked N" after each. Restarted on the same
 * directory, it sends every message again (dedup drops the committed ones), as a client retrying would.
 */
import { readFileSync } from "node:fs";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { SegmentMessage, SegmentRecord } from "../../src/model/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { LiveStream } from "../../src/stream/index.js";

const [dataDir, messagesFile, segmentsFile] = process.argv.slice(2) as [string, string, string];
const messages = JSON.parse(readFileSync(messagesFile, "utf8")) as SegmentMessage[];
const segments = JSON.parse(readFileSync(segmentsFile, "utf8")) as SegmentRecord[];
const store = await DuckDBStore.open({ dataDir, threads: 1 });
const ingestor = await Ingestor.create(store);
const { recovery } = await LiveStream.start(store, ingestor, segments, { snapshotEvery: 400 });
process.stdout.write(`recovered ${JSON.stringify(recovery)}\n`);
let i = 0;
while (i < messages.length) {
  const k = 5 + Math.floor(Math.random() * 60);
  await ingestor.ingest(validateAll(messages.slice(i, i + k), []), { source: "crash" });
  i += k;
  process.stdout.write(`acked ${Math.min(i, messages.length)}\n`);
}
await store.close();
process.stdout.write("done\n");
