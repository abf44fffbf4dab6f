/** Profiles read model: id resolution across identities and merges, traits folded by event time, timelines. */
export { ProfileService, type ProfileSummary, type TimelinePage } from "./profile-service.js";
