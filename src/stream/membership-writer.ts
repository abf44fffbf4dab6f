import type { SqlValue, Store, StoreTx } from "../store/index.js";
import type { MembershipChange } from "./membership-change.js";

/** The outbox idempotency key of a change: the same change always has the same key. */
export const changeKey = (c: MembershipChange): string => `${c.segment}:${c.version}:${c.profile}:${c.change}:${c.at}`;

/**
 * Writes changes in the caller's transaction (the one that commits their cause): one membership_log row and one
 * outbox row (destination "*", kind "membership", status "pending") per change, and the net effect on memberships.
 * With `skipExisting`, changes already in the log (same segment, version, profile, change, instant) are dropped:
 * re-fired timers after a restart are then no-ops instead of duplicates.
 */
export async function writeChanges(
  store: Store,
  tx: StoreTx,
  changes: readonly MembershipChange[],
  opts: { skipExisting?: boolean } = {},
): Promise<number> {
  let list = changes;
  if (opts.skipExisting && list.length) {
    const minAt = Math.min(...list.map((c) => c.at));
    const have = new Set(
      (
        await tx.all<{ k: string }>(
          "SELECT segment_id || ':' || version || ':' || profile_id || ':' || change || ':' || changed_at AS k FROM membership_log WHERE changed_at >= $1",
          [minAt],
        )
      ).map((r) => r.k),
    );
    list = list.filter((c) => !have.has(changeKey(c)));
  }
  if (list.length === 0) return 0;
  const now = Date.now();
  const logSeq = await store.nextSeq("membership_log", list.length);
  const outSeq = await store.nextSeq("outbox", list.length);
  await tx.append(
    "membership_log",
    list.map((c, i) => [logSeq + i, c.segment, c.version, c.profile, c.change, c.at, c.reason, c.cause]),
  );
  await tx.append(
    "outbox",
    list.map((c, i) => {
      const payload = JSON.stringify({
        segment: c.segment,
        version: c.version,
        profile: c.profile,
        change: c.change,
        at: new Date(c.at).toISOString(),
        reason: c.reason,
      });
      return [outSeq + i, changeKey(c), "*", "membership", c.profile, payload, "pending", 0, now, null, now, null];
    }),
  );
  // Net effect per (segment, profile): the last change in the batch decides.
  const last = new Map<string, MembershipChange>();
  for (const c of list) last.set(`${c.segment}\u0000${c.profile}`, c);
  const keys = [...last.values()];
  for (let i = 0; i < keys.length; i += 500) {
    const part = keys.slice(i, i + 500);
    const params: SqlValue[] = [];
    const tuples = part.map((c) => {
      params.push(c.segment, c.profile);
      return `(segment_id = $${params.length - 1} AND profile_id = $${params.length})`;
    });
    await tx.run(`DELETE FROM memberships WHERE ${tuples.join(" OR ")}`, params);
  }
  await tx.append(
    "memberships",
    keys.filter((c) => c.change === "entered").map((c) => [c.segment, c.profile, c.version, c.at, c.reason]),
  );
  return list.length;
}
