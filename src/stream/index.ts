/** Streaming segmentation: an incremental evaluator over the segment AST with timers, exact late events and merges. */

export { type CommitSource, type LiveOptions, LiveStream, type RecoveryReport } from "./live-stream.js";
export type { ChangeCause, MembershipChange } from "./membership-change.js";
export { changeKey, writeChanges } from "./membership-writer.js";
export { Plan } from "./plan.js";
export { loadSegmentDir } from "./segment-dir.js";
export type { StreamSnapshot } from "./state-snapshot.js";
export { type EvaluatorOptions, type EvaluatorStats, StreamEvaluator } from "./stream-evaluator.js";
export type { StreamBatch, StreamEvent, StreamMerge } from "./stream-event.js";
