/** Segments: the batch engine service over a Store (CRUD, versions, preview, impact, members, explain, refresh). */
export { membersAt, runMembership, segmentMap, sizesAt } from "./batch-evaluator.js";
export { ComputedTraits } from "./computed-traits.js";
export { type ExplainNode, explainNode, reasonOf } from "./explain-tree.js";
export { type RefreshSummary, refreshMemberships } from "./membership-refresh.js";
export { type SegmentInput, segmentInputSchema } from "./segment-input.js";
export { type Impact, type MemberPage, type Preview, SegmentService } from "./segment-service.js";
