import { type SqlValue, type Store, type StoreTx, TABLES, type TableName } from "../store/index.js";
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
  await applyNet(tx, list);
  return list.length;
}

/**
 * Rows of `table` (in column order) as one JSON parameter read back with `from_json`: DuckDB binds a VALUES list of
 * thousands of parameters slowly (≈ 36 ms per 200 outbox rows) and an OR chain of key pairs cannot use an index, so
 * the live write path passes each batch as one value and lets DuckDB parse it vectorised. Returns the SELECT (its
 * columns named as the table's) and its parameter.
 */
function rowsAsJson(table: TableName, rows: readonly (readonly SqlValue[])[]): { select: string; param: string } {
  const cols = Object.entries(TABLES[table]);
  const shape = JSON.stringify([Object.fromEntries(cols.map(([c, t]) => [c, t.toUpperCase()]))]);
  const json = JSON.stringify(rows.map((r) => Object.fromEntries(cols.map(([c], i) => [c, r[i] ?? null]))));
  const names = cols.map(([c]) => `r.${c} AS ${c}`).join(", ");
  return { select: `SELECT ${names} FROM (SELECT unnest(from_json($1, '${shape}')) AS r)`, param: json };
}

/**
 * The latest change instant whose outbox row may exist, per store: a change key holds its instant, so a change later
 * than every change written before cannot collide, and only changes at or before it are looked up. Without it the
 * dedup lookup read the whole outbox on every commit (60 ms per 1,200 keys at 2M rows, growing without bound).
 * Starts at the log's latest instant (every outbox change has its log row) and only rises: a rolled-back commit
 * leaves it higher than needed, which costs a lookup, never a duplicate.
 */
const writtenUpTo = new WeakMap<Store, number>();

/** Keys are looked up by value list (DuckDB probes the unique index; a join against a JSON list scans the table). */
const KEYS_PER_LOOKUP = 500;

/**
 * Appends the outbox rows whose idempotency key (column 1) is not there yet (an enter/exit/enter at one instant is
 * one message): keys of changes at or before the store's written instant are looked up in the index, then the
 * appender writes the rest.
 */
async function appendNewOutboxRows(
  store: Store,
  tx: StoreTx,
  entries: readonly { row: SqlValue[]; at: number }[],
): Promise<void> {
  if (entries.length === 0) return;
  let upTo = writtenUpTo.get(store);
  if (upTo === undefined) {
    const r = await tx.all<{ m: number | null }>("SELECT max(changed_at) AS m FROM membership_log");
    upTo = r[0]?.m ?? Number.NEGATIVE_INFINITY;
  }
  const bound = upTo;
  const suspects = entries.filter((e) => e.at <= bound).map((e) => String(e.row[1]));
  const have = new Set<string>();
  for (let i = 0; i < suspects.length; i += KEYS_PER_LOOKUP) {
    const part = suspects.slice(i, i + KEYS_PER_LOOKUP);
    const found = await tx.all<{ k: string }>(
      `SELECT idempotency_key AS k FROM outbox WHERE idempotency_key IN (${part.map((_, j) => `$${j + 1}`).join(", ")})`,
      part,
    );
    for (const f of found) have.add(f.k);
  }
  for (const e of entries) if (e.at > upTo) upTo = e.at;
  writtenUpTo.set(store, upTo);
  const rows = entries.map((e) => e.row);
  await tx.append("outbox", have.size ? rows.filter((r) => !have.has(String(r[1]))) : rows);
}

/**
 * The net effect per (segment, profile) on memberships (the last change in the batch decides), set-based: exits
 * delete, enters of rows that exist update them in place (rare: a re-entry at a new version), other enters are
 * appended. Existing rows are updated rather than deleted and re-inserted: DuckDB checks unique indexes eagerly
 * within a transaction.
 */
async function applyNet(tx: StoreTx, list: readonly MembershipChange[]): Promise<void> {
  const last = new Map<string, MembershipChange>();
  for (const c of list) last.set(`${c.segment}\u0000${c.profile}`, c);
  const rowOf = (c: MembershipChange): SqlValue[] => [c.segment, c.profile, c.version, c.at, c.reason];
  const exits = [...last.values()].filter((c) => c.change === "exited");
  const enters = [...last.values()].filter((c) => c.change === "entered");
  if (exits.length) {
    const { select, param } = rowsAsJson("memberships", exits.map(rowOf));
    await tx.run(
      `DELETE FROM memberships m USING (${select}) n WHERE m.segment_id = n.segment_id AND m.profile_id = n.profile_id`,
      [param],
    );
  }
  if (enters.length === 0) return;
  const { select, param } = rowsAsJson("memberships", enters.map(rowOf));
  const existing = await tx.all<{ segment_id: string; profile_id: string }>(
    `SELECT m.segment_id, m.profile_id FROM memberships m SEMI JOIN (${select}) n
     ON m.segment_id = n.segment_id AND m.profile_id = n.profile_id`,
    [param],
  );
  const have = new Set(existing.map((r) => `${r.segment_id}\u0000${r.profile_id}`));
  const updates = enters.filter((c) => have.has(`${c.segment}\u0000${c.profile}`));
  if (updates.length) {
    const u = rowsAsJson("memberships", updates.map(rowOf));
    await tx.run(
      `UPDATE memberships m SET version = n.version, since = n.since, reason = n.reason FROM (${u.select}) n
       WHERE m.segment_id = n.segment_id AND m.profile_id = n.profile_id`,
      [u.param],
    );
  }
  await tx.append("memberships", enters.filter((c) => !have.has(`${c.segment}\u0000${c.profile}`)).map(rowOf));
}
