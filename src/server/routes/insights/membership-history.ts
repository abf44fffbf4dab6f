import type { Queryable } from "../../../store/index.js";

export interface MembershipChange {
  at: string;
  segment: string;
  change: string;
  version: number;
  reason: string | null;
  cause: string | null;
}

/** A profile's enter/exit history across segments, newest first (the profile id is resolved by the caller). */
export async function membershipHistory(db: Queryable, profileId: string, limit = 200): Promise<MembershipChange[]> {
  const rows = await db.all<{
    at: number;
    segment_id: string;
    change: string;
    version: number;
    reason: string | null;
    cause: string | null;
  }>(
    `SELECT changed_at AS at, segment_id, change, version, reason, cause FROM membership_log
     WHERE profile_id = $1 ORDER BY changed_at DESC, seq DESC LIMIT $2`,
    [profileId, limit],
  );
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    segment: r.segment_id,
    change: r.change,
    version: r.version,
    reason: r.reason,
    cause: r.cause,
  }));
}
