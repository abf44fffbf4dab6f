import { compileMembership } from "../compile/index.js";
import type { SegmentRecord } from "../model/index.js";
import { foldMemberships, type SqlValue, type Store, type StoreTx } from "../store/index.js";
import { segmentMap } from "./batch-evaluator.js";
import { decidingKinds, explainNode, reasonOf } from "./explain-tree.js";

export interface RefreshSummary {
  asOf: number;
  segments: Array<{ id: string; version: number; size: number; entered: number; exited: number }>;
  /** Members of deleted segments that were removed. */
  removed: number;
}

const EVENT_KINDS = new Set(["performed", "first", "last", "did", "sequence"]);

function causeOf(kinds: string[], change: "entered" | "exited", eventsSince: boolean): string {
  if (kinds.includes("trait")) return "trait changed";
  if (kinds.some((k) => EVENT_KINDS.has(k)))
    return eventsSince ? "event arrived" : change === "exited" ? "window expired" : "time passed";
  if (kinds.includes("inSegment") || kinds.includes("segment")) return "referenced segment changed";
  return "evaluated";
}

/**
 * Evaluates every segment at `asOf` in one shared query, diffs against `memberships`, and writes the changes as
 * `membership_log` rows (reason = the deciding conditions with their evidence; cause = why it changed now), which the
 * memberships view reads at once; then folds them into the base.
 */
export async function refreshMemberships(
  store: Store,
  segments: readonly SegmentRecord[],
  asOf: number,
): Promise<RefreshSummary> {
  const map = segmentMap(segments);
  const compiled = compileMembership(
    segments.map((s) => ({ segmentId: s.id })),
    { asOf, segments: map },
  );
  const summary = await store.transaction(async (tx) => {
    await tx.run(`CREATE OR REPLACE TEMP TABLE seg_eval AS ${compiled.sql}`, compiled.params as SqlValue[]);
    const unions = segments.map((_s, i) => `SELECT $${i + 1} AS segment_id, profile_id FROM seg_eval WHERE m${i}`);
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE seg_new AS ${unions.length ? unions.join(" UNION ALL ") : "SELECT NULL::VARCHAR AS segment_id, NULL::VARCHAR AS profile_id WHERE false"}`,
      segments.map((s) => s.id),
    );
    const summary: RefreshSummary = { asOf, segments: [], removed: 0 };
    const logRows: SqlValue[][] = [];
    for (const seg of segments) {
      const r = await changesFor(tx, seg, asOf);
      summary.segments.push({ id: seg.id, version: seg.version, ...r.counts });
      logRows.push(...r.log);
    }
    // Members of segments that no longer exist leave with the definition.
    await tx.run("CREATE OR REPLACE TEMP TABLE seg_ids (id VARCHAR)");
    if (segments.length) {
      await tx.run(
        `INSERT INTO seg_ids VALUES ${segments.map((_, i) => `($${i + 1})`).join(", ")}`,
        segments.map((s) => s.id),
      );
    }
    const orphans = await tx.all<{ segment_id: string; profile_id: string; version: number }>(
      "SELECT segment_id, profile_id, version FROM memberships WHERE segment_id NOT IN (SELECT id FROM seg_ids)",
    );
    for (const o of orphans) {
      logRows.push([o.segment_id, o.version, o.profile_id, "exited", asOf, "segment deleted", "definition deleted"]);
    }
    summary.removed = orphans.length;
    if (logRows.length) {
      const first = await store.nextSeq("membership_log", logRows.length);
      await tx.append(
        "membership_log",
        logRows.map((r, i) => [first + i, r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!, r[6]!]),
      );
    }
    return summary;
  });
  // The memberships view already reads the new rows from the log; folding them keeps its tail short (on the side
  // connection, where every fold runs, so two folds never conflict).
  if (summary.segments.some((s) => s.entered + s.exited > 0) || summary.removed > 0)
    await store.sideTransaction((tx) => foldMemberships(tx));
  return summary;

  async function changesFor(tx: StoreTx, seg: SegmentRecord, at: number) {
    await tx.run(
      `CREATE OR REPLACE TEMP TABLE seg_chg AS
       SELECT n.profile_id, 'entered' AS change, NULL::INTEGER AS old_version, NULL::BIGINT AS since FROM seg_new n
         WHERE n.segment_id = $1 AND n.profile_id NOT IN (SELECT profile_id FROM memberships WHERE segment_id = $1)
       UNION ALL
       SELECT m.profile_id, 'exited', m.version, m.since FROM memberships m
         WHERE m.segment_id = $1 AND m.profile_id NOT IN (SELECT profile_id FROM seg_new WHERE segment_id = $1)`,
      [seg.id],
    );
    const changes = await tx.all<{
      profile_id: string;
      change: "entered" | "exited";
      old_version: number | null;
      since: number | null;
      live: boolean;
      recent: boolean;
    }>(
      `SELECT c.*, c.profile_id IN (SELECT profile_id FROM profiles) AS live,
         EXISTS (SELECT 1 FROM events e WHERE e.profile_id = c.profile_id AND e.ts > coalesce(c.since, $1 - 1) AND e.ts <= $1) AS recent
       FROM seg_chg c ORDER BY c.profile_id`,
      [at],
    );
    const size =
      (await tx.all<{ n: number }>("SELECT count(*) AS n FROM seg_new WHERE segment_id = $1", [seg.id]))[0]?.n ?? 0;
    if (changes.length === 0) return { counts: { size, entered: 0, exited: 0 }, log: [] as SqlValue[][] };
    const explained = compileMembership([{ segmentId: seg.id }], {
      asOf: at,
      segments: map,
      explain: true,
      restrictTo: "SELECT profile_id FROM seg_chg",
    });
    const rows = await tx.all(explained.sql, explained.params as SqlValue[]);
    const byId = new Map(rows.map((r) => [String(r["profile_id"]), r]));
    const log: SqlValue[][] = [];
    let entered = 0;
    let exited = 0;
    for (const c of changes) {
      const row = byId.get(c.profile_id);
      const tree = row ? explainNode(explained.nodes[0]!, row, explained) : undefined;
      let reason = tree ? reasonOf(tree) : "profile no longer exists";
      let cause: string;
      if (!c.live) cause = "profile deleted or merged";
      else if (c.change === "exited" && c.old_version !== null && c.old_version !== seg.version)
        cause = "definition edited";
      else cause = causeOf(tree ? decidingKinds(tree) : [], c.change, c.recent);
      if (c.change === "exited" && !c.live) reason = "profile deleted or merged";
      log.push([seg.id, seg.version, c.profile_id, c.change, at, reason, cause]);
      if (c.change === "entered") entered++;
      else exited++;
    }
    return { counts: { size, entered, exited }, log };
  }
}
