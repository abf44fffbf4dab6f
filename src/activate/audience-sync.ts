import type { Holdout } from "../model/index.js";
import type { Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import type { MembershipPayload } from "./delivery.js";
import type { DestinationRepo } from "./destination-repo.js";
import { inHoldout } from "./dispatcher.js";
import { appendRows } from "./outbox-append.js";
import type { NewOutboxRow } from "./outbox-row.js";
import { segmentHoldout } from "./profile-facts.js";

export interface ResyncResult {
  destination: string;
  resync: string;
  desired: number;
  held: number;
  entered: number;
  exited: number;
}

/**
 * Re-sync: what the destination should hold (current members of its segments, minus holdout members) against what
 * it last acknowledged (sync_state), enqueued as ordinary enter/exit deliveries behind anything already pending.
 * `full` re-sends every desired member (a full snapshot), not only the difference.
 */
export async function resyncDestination(
  store: Store,
  repo: DestinationRepo,
  now: Clock,
  destinationId: string,
  full = false,
): Promise<ResyncResult> {
  const dest = await repo.get(destinationId);
  const all = dest.segments.includes("*");
  const members = await store.all<{ segment_id: string; profile_id: string; version: number }>(
    all
      ? "SELECT segment_id, profile_id, version FROM memberships ORDER BY segment_id, profile_id"
      : `SELECT segment_id, profile_id, version FROM memberships
         WHERE segment_id IN (SELECT unnest(from_json($1, '["VARCHAR"]'))) ORDER BY segment_id, profile_id`,
    all ? [] : [JSON.stringify(dest.segments)],
  );
  const holdouts = new Map<string, Holdout | null>();
  const desired = new Map<string, { segment: string; profile: string; version: number }>();
  for (const m of members) {
    if (!holdouts.has(m.segment_id)) holdouts.set(m.segment_id, await segmentHoldout(store, m.segment_id));
    if (inHoldout(holdouts.get(m.segment_id), m.profile_id)) continue;
    desired.set(`${m.segment_id}\u0000${m.profile_id}`, {
      segment: m.segment_id,
      profile: m.profile_id,
      version: m.version,
    });
  }
  const heldRows = await store.all<{ segment_id: string; profile_id: string; version: number }>(
    "SELECT segment_id, profile_id, version FROM sync_state WHERE destination_id = $1",
    [dest.id],
  );
  const held = new Map(heldRows.map((h) => [`${h.segment_id}\u0000${h.profile_id}`, h]));
  const t = now();
  const resync = String(t);
  const at = new Date(t).toISOString();
  const rows: NewOutboxRow[] = [];
  const row = (segment: string, profile: string, version: number, change: "entered" | "exited"): NewOutboxRow => {
    const payload: MembershipPayload = {
      segment,
      version,
      profile,
      change,
      at,
      reason: `re-sync ${resync}: ${change === "entered" ? "member not acknowledged by the destination" : "acknowledged but no longer a member"}`,
    };
    return {
      key: `resync:${resync}:${dest.id}:${segment}:${profile}:${change}`,
      destination: dest.id,
      kind: "membership",
      profileId: profile,
      payload: payload as unknown as Record<string, unknown>,
      status: "pending",
      nextAttemptAt: t,
      createdAt: t,
    };
  };
  let entered = 0;
  let exited = 0;
  for (const [k, m] of desired) {
    if (full || !held.has(k)) {
      rows.push(row(m.segment, m.profile, m.version, "entered"));
      entered++;
    }
  }
  for (const [k, h] of held) {
    if (!desired.has(k)) {
      rows.push(row(h.segment_id, h.profile_id, h.version, "exited"));
      exited++;
    }
  }
  await store.transaction((tx) => appendRows(store, tx, rows));
  return { destination: dest.id, resync, desired: desired.size, held: held.size, entered, exited };
}
