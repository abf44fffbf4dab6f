/** Ingestion: Segment-spec validation, normalisation, dedup, identity resolution and durable group-committed appends. */
export {
  type ImportProgress,
  type ImportSummary,
  importEventsFile,
  importTransactionsFile,
  type TransactionColumns,
} from "./bulk-import.js";
export { DEFAULT_DEDUP_HORIZON_MS } from "./dedup-cache.js";
export { anonKey, IdentityGraph, userKey } from "./identity-graph.js";
export {
  type CommitListener,
  type CommittedBatch,
  type IngestOptions,
  Ingestor,
  type IngestResult,
  validateAll,
} from "./ingestor.js";
export { eventName, eventTime } from "./normalize-message.js";
export type { MergeRecord, StoredEvent } from "./stored-event.js";
