import { type CompiledMembership, compileMembership, type MembershipTarget } from "../compile/index.js";
import type { SegmentRecord } from "../model/index.js";
import type { Queryable, SqlValue } from "../store/index.js";

export const segmentMap = (segments: readonly SegmentRecord[]): Map<string, SegmentRecord> =>
  new Map(segments.map((s) => [s.id, s]));

/** Runs a compiled membership query and returns, per target, its members (sorted profile ids). */
export async function runMembership(db: Queryable, compiled: CompiledMembership): Promise<string[][]> {
  const where = compiled.columns.join(" OR ") || "false";
  const rows = await db.all(
    `SELECT * FROM (${compiled.sql}) q WHERE ${where} ORDER BY profile_id`,
    compiled.params as SqlValue[],
  );
  return compiled.columns.map((col) => rows.filter((r) => r[col] === true).map((r) => String(r["profile_id"])));
}

/** Members of many targets at instant t, evaluated together (shared scans). */
export async function membersAt(
  db: Queryable,
  targets: readonly MembershipTarget[],
  asOf: number,
  segments: ReadonlyMap<string, SegmentRecord>,
): Promise<string[][]> {
  return runMembership(db, compileMembership(targets, { asOf, segments }));
}

/** Sizes of many targets and the population at t, without moving member ids to JS. */
export async function sizesAt(
  db: Queryable,
  targets: readonly MembershipTarget[],
  asOf: number,
  segments: ReadonlyMap<string, SegmentRecord>,
): Promise<{ sizes: number[]; population: number }> {
  const c = compileMembership(targets, { asOf, segments });
  // sum of casts rather than FILTER: one cheap vectorised update per column.
  const counts = c.columns.map((col) => `sum(CAST(${col} AS INTEGER)) AS ${col}`);
  const rows = await db.all(
    `SELECT count(*) AS population${counts.length ? `, ${counts.join(", ")}` : ""} FROM (${c.sql}) q`,
    c.params as SqlValue[],
  );
  const r = rows[0] ?? {};
  return { sizes: c.columns.map((col) => Number(r[col] ?? 0)), population: Number(r["population"] ?? 0) };
}
