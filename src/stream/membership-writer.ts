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
  // One outbox row per idempotency key: an enter/exit/enter at the same instant is one message to a consumer.
  const outRows = new Map<string, SqlValue[]>();
  list.forEach((c, i) => {
    const key = changeKey(c);
    if (outRows.has(key)) return;
    const payload = JSON.stringify({
      segment: c.segment,
      version: c.version,
      profile: c.profile,
      change: c.change,
      at: new Date(c.at).toISOString(),
      reason: c.reason,
    });
    outRows.set(key, [outSeq + i, key, "*", "membership", c.profile, payload, "pending", 0, now, null, now, null]);
  });
  await insertIgnoring(tx, "outbox", [...outRows.values()]);
  await applyNet(tx, list);
  return list.length;
}

async function insertIgnoring(tx: StoreTx, table: string, rows: SqlValue[][]): Promise<void> {
  for (let i = 0; i < rows.length; i += 200) {
    const part = rows.slice(i, i + 200);
    const params: SqlValue[] = [];
    const tuples = part.map((r) => `(${r.map((v) => `$${params.push(v)}`).join(", ")})`);
    await tx.run(`INSERT OR IGNORE INTO ${table} VALUES ${tuples.join(", ")}`, params);
  }
}

/**
 * The net effect per (segment, profile) on memberships (the last change in the batch decides). Existing rows are
 * updated in place rather than deleted and re-inserted: DuckDB checks unique indexes eagerly within a transaction.
 */
async function applyNet(tx: StoreTx, list: readonly MembershipChange[]): Promise<void> {
  const last = new Map<string, MembershipChange>();
  for (const c of list) last.set(`${c.segment}\u0000${c.profile}`, c);
  const keys = [...last.values()];
  const existing = new Set<string>();
  for (let i = 0; i < keys.length; i += 500) {
    const params: SqlValue[] = [];
    const cond = keys
      .slice(i, i + 500)
      .map((c) => `(segment_id = $${params.push(c.segment)} AND profile_id = $${params.push(c.profile)})`);
    const rows = await tx.all<{ segment_id: string; profile_id: string }>(
      `SELECT segment_id, profile_id FROM memberships WHERE ${cond.join(" OR ")}`,
      params,
    );
    for (const r of rows) existing.add(`${r.segment_id}\u0000${r.profile_id}`);
  }
  const fresh: SqlValue[][] = [];
  for (const [k, c] of last) {
    if (!existing.has(k)) {
      if (c.change === "entered") fresh.push([c.segment, c.profile, c.version, c.at, c.reason]);
    } else if (c.change === "exited") {
      await tx.run("DELETE FROM memberships WHERE segment_id = $1 AND profile_id = $2", [c.segment, c.profile]);
    } else {
      await tx.run(
        "UPDATE memberships SET version = $3, since = $4, reason = $5 WHERE segment_id = $1 AND profile_id = $2",
        [c.segment, c.profile, c.version, c.at, c.reason],
      );
    }
  }
  await tx.append("memberships", fresh);
}
