import type { SqlValue, Store, StoreTx } from "../store/index.js";
import type { MembershipChange } from "./membership-change.js";

/** The outbox idempotency key of a change: the same change always has the same key. */
export const changeKey = (c: MembershipChange): string => `${c.segment}:${c.version}:${c.profile}:${c.change}:${c.at}`;

/** `changeKey` of a membership_log row, in SQL. */
const LOG_ROW_KEY = "segment_id || ':' || version || ':' || profile_id || ':' || change || ':' || changed_at";

/**
 * Writes changes in the caller's transaction (the one that commits their cause): one membership_log row and one
 * outbox row (destination "*", kind "membership", status "pending") per change. Appends only: the view
 * "memberships" reads the log's tail over the folded base, and the live stream folds it now and then.
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
        await tx.all<{ k: string }>(`SELECT ${LOG_ROW_KEY} AS k FROM membership_log WHERE changed_at >= $1`, [minAt])
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
  const outRows = new Map<string, { row: SqlValue[]; at: number }>();
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
    const row = [outSeq + i, key, "*", "membership", c.profile, payload, "pending", 0, now, null, now, null];
    outRows.set(key, { row, at: c.at });
  });
  await appendNewOutboxRows(store, tx, [...outRows.values()]);
  return list.length;
}

/**
 * What a store's outbox may already hold at its latest change instant: a change key holds its instant, so a change
 * later than every change written cannot collide, and one at that instant only if its key was written then — at an
 * outbox seq from `fromSeq` on. The outbox has no key index (DuckDB rewrites an ART index whole at every
 * checkpoint), so that bound is what keeps a lookup to the last rows; before, the dedup lookup read the whole outbox
 * on every commit (60 ms per 1,200 keys at 2M rows, growing without bound). Seeded from the log (every outbox change
 * has its log row; where its rows start is unknown then, so the first lookup reads everything); keys of a
 * rolled-back commit stay in the set, which costs a lookup, never a duplicate.
 */
const latest = new WeakMap<Store, { at: number; keys: Set<string>; fromSeq: number }>();

/**
 * Appends the outbox rows whose idempotency key (column 1) is not there yet (an enter/exit/enter at one instant is
 * one message): only keys that may exist (an earlier instant, or the latest one's keys) are looked up, among the
 * rows they can be in, then the appender writes the rest.
 */
async function appendNewOutboxRows(
  store: Store,
  tx: StoreTx,
  entries: readonly { row: SqlValue[]; at: number }[],
): Promise<void> {
  if (entries.length === 0) return;
  let last = latest.get(store);
  if (last === undefined) {
    const rows = await tx.all<{ k: string; at: number }>(
      `SELECT ${LOG_ROW_KEY} AS k, changed_at AS at FROM membership_log
       WHERE changed_at = (SELECT max(changed_at) FROM membership_log)`,
    );
    last = { at: Number(rows[0]?.at ?? Number.NEGATIVE_INFINITY), keys: new Set(rows.map((r) => r.k)), fromSeq: 0 };
    latest.set(store, last);
  }
  const { at: lastAt, keys: lastKeys } = last;
  let earlier = false;
  const suspects: string[] = [];
  for (const e of entries) {
    const key = String(e.row[1]);
    if (e.at < lastAt) earlier = true;
    if (e.at < lastAt || (e.at === lastAt && lastKeys.has(key))) suspects.push(key);
  }
  // A key of an earlier instant may be anywhere (after a restart, or a second writer): read everything then.
  const after = earlier ? 0 : last.fromSeq;
  // One scan of those rows for all suspects (the keys as one JSON value, as activation's fan-out passes them).
  const found = suspects.length
    ? await tx.all<{ k: string }>(
        `SELECT idempotency_key AS k FROM outbox
         WHERE seq >= $1 AND idempotency_key IN (SELECT unnest(from_json($2, '["VARCHAR"]')))`,
        [after, JSON.stringify(suspects)],
      )
    : [];
  const have = new Set(found.map((f) => f.k));
  for (const e of entries) {
    if (e.at > last.at) last = { at: e.at, keys: new Set(), fromSeq: Number(e.row[0]) };
    if (e.at === last.at) last.keys.add(String(e.row[1]));
  }
  latest.set(store, last);
  const rows = entries.map((e) => e.row);
  await tx.append("outbox", have.size ? rows.filter((r) => !have.has(String(r[1]))) : rows);
}
