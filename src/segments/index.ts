/** Segments: the batch engine service over a Store (CRUD, versions, preview, impact, members, explain, refresh). */
export { membersAt, runMembership, segmentMap, sizesAt } from "./batch-evaluator.js";
