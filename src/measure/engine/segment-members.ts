import { type SegmentRecord, TesseraError } from "../../model/index.js";
import { membersAt, segmentMap } from "../../segments/index.js";
import type { Queryable } from "../../store/index.js";
import { latestDefinition, latestDefinitions } from "./definition-store.js";

/** Where a member list came from: the live memberships table, a batch evaluation of the definition, or the caller. */
export type MemberSourceKind = "memberships" | "evaluated" | "given";

export interface SegmentMembers {
  segment: string;
  record: SegmentRecord | undefined;
  ids: string[];
  source: MemberSourceKind;
}

export const loadSegmentRecord = (db: Queryable, id: string): Promise<SegmentRecord | undefined> =>
  latestDefinition<SegmentRecord>(db, "segment", id);

export const loadSegmentRecords = (db: Queryable): Promise<SegmentRecord[]> =>
  latestDefinitions<SegmentRecord>(db, "segment");

const notFound = (id: string): TesseraError =>
  new TesseraError(
    { code: "segment_not_found", path: ["segment"], message: `no segment "${id}" (no record and no memberships)` },
    404,
  );

/** Members evaluated by the batch engine at instant t (the segment's own record, parents and inSegment refs resolved). */
export async function evaluateMembers(db: Queryable, id: string, asOf: number): Promise<string[]> {
  const records = await loadSegmentRecords(db);
  if (!records.some((r) => r.id === id)) throw notFound(id);
  const [ids] = await membersAt(db, [{ segmentId: id }], asOf, segmentMap(records));
  return ids ?? [];
}

/**
 * The current members of a segment: the memberships table when it holds any row for the segment (what the
 * streaming/refresh engines maintain), otherwise the batch engine's evaluation of the definition at `asOf`, or the
 * ids the caller computed itself.
 */
export async function resolveMembers(
  db: Queryable,
  id: string,
  opts: { asOf?: number; given?: readonly string[] } = {},
): Promise<SegmentMembers> {
  const record = await loadSegmentRecord(db, id);
  if (opts.given) return { segment: id, record, ids: [...new Set(opts.given)].sort(), source: "given" };
  const rows = await db.all<{ profile_id: string }>(
    "SELECT profile_id FROM memberships WHERE segment_id = $1 ORDER BY profile_id",
    [id],
  );
  if (rows.length > 0) return { segment: id, record, ids: rows.map((r) => r.profile_id), source: "memberships" };
  if (!record) throw notFound(id);
  return { segment: id, record, ids: await evaluateMembers(db, id, opts.asOf ?? Date.now()), source: "evaluated" };
}

/** Whether membership_log holds history for the segment (then sizes over time come from it, not re-evaluation). */
export async function hasMembershipLog(db: Queryable, id: string): Promise<boolean> {
  const r = await db.all("SELECT 1 FROM membership_log WHERE segment_id = $1 LIMIT 1", [id]);
  return r.length > 0;
}

/**
 * Members at instant t: replayed from membership_log (the latest change at or before t per profile, ties by log
 * order) when the segment has a log, else the batch engine's as-of evaluation of the definition.
 */
export async function membersAsOf(db: Queryable, id: string, t: number): Promise<string[]> {
  if (await hasMembershipLog(db, id)) {
    const rows = await db.all<{ profile_id: string }>(
      `SELECT profile_id FROM (
         SELECT profile_id, change, row_number() OVER (PARTITION BY profile_id ORDER BY changed_at DESC, seq DESC) AS rn
         FROM membership_log WHERE segment_id = $1 AND changed_at <= $2)
       WHERE rn = 1 AND change = 'entered' ORDER BY profile_id`,
      [id, t],
    );
    return rows.map((r) => r.profile_id);
  }
  return evaluateMembers(db, id, t);
}

/** A member list as a SQL relation `(SELECT … AS profile_id)` bound through one JSON parameter at `placeholder`. */
export const memberRelation = (placeholder: string): string =>
  `(SELECT unnest(from_json(${placeholder}, '["VARCHAR"]')) AS profile_id)`;
