import { type Holdout, TesseraError } from "../../model/index.js";
import type { Queryable } from "../../store/index.js";
import { compareMeans, type MeanComparison } from "../experiment-analysis.js";
import { type HoldoutLift, holdoutLift } from "../holdout-lift.js";
import { getGlobalHoldout, splitHoldout } from "./holdouts.js";
import { propertyPath } from "./kpi-options.js";
import { memberRelation, type SegmentMembers } from "./segment-members.js";

export interface LiftOptions {
  from: number;
  to: number;
  conversion?: string;
  revenueProperty?: string;
  /** Which control group: the segment's own holdout (default) or the workspace's global holdout. */
  against?: "segment" | "global";
}

export interface GroupOutcome {
  n: number;
  conversions: number;
  revenue: number;
}

export interface SegmentLift {
  segment: string;
  source: SegmentMembers["source"];
  against: "segment" | "global";
  holdout: Holdout;
  conversion: string;
  from: string;
  to: string;
  treated: GroupOutcome;
  control: GroupOutcome;
  /** Members in the other holdout: neither activated nor this control group, left out of both. */
  excluded: number;
  lift: HoldoutLift;
  /** Revenue per member, treated − control (Welch), when both groups have ≥ 2 members. */
  revenuePerMember: MeanComparison | null;
}

/**
 * Lift of the activated members of a segment over its control group: conversion = at least one conversion event in
 * [from, to). Members are split by the same bucket hash activation uses, so the control group is exactly who was
 * never sent anything.
 */
export async function segmentLift(db: Queryable, members: SegmentMembers, opts: LiftOptions): Promise<SegmentLift> {
  const against = opts.against ?? "segment";
  const global = await getGlobalHoldout(db);
  const holdout = against === "segment" ? members.record?.holdout : global;
  if (!holdout || holdout.percent <= 0) {
    throw new TesseraError({
      code: "no_holdout",
      path: ["against"],
      message:
        against === "segment"
          ? `segment "${members.segment}" has no holdout; set holdout {percent, salt} on the segment or use against=global`
          : "no global holdout is set (PUT /api/holdout/global)",
    });
  }
  const conversion = opts.conversion ?? "Order Completed";
  const rows = await db.all<{ profile_id: string; c: number; r: number | null }>(
    `SELECT e.profile_id, count(*) AS c, sum(TRY_CAST(json_extract_string(e.properties, $5) AS DOUBLE)) AS r
     FROM events e SEMI JOIN ${memberRelation("$1")} m ON e.profile_id = m.profile_id
     WHERE e.event = $2 AND e.ts >= $3 AND e.ts < $4 GROUP BY 1`,
    [JSON.stringify(members.ids), conversion, opts.from, opts.to, propertyPath(opts.revenueProperty ?? "revenue")],
  );
  const revenueOf = new Map(rows.map((r) => [r.profile_id, r.r ?? 0]));
  const s = splitHoldout(members.ids, members.record?.holdout, global);
  const treatedIds = s.treated;
  const controlIds = against === "segment" ? s.segmentHoldout : s.globalHoldout;
  const excluded = against === "segment" ? s.globalHoldout.length : s.segmentHoldout.length;
  const outcome = (ids: readonly string[]): { o: GroupOutcome; values: Float64Array } => {
    const values = new Float64Array(ids.length);
    let conversions = 0;
    let revenue = 0;
    ids.forEach((id, i) => {
      const r = revenueOf.get(id);
      if (r === undefined) return;
      conversions++;
      revenue += r;
      values[i] = r;
    });
    return { o: { n: ids.length, conversions, revenue }, values };
  };
  const t = outcome(treatedIds);
  const c = outcome(controlIds);
  if (t.o.n === 0 || c.o.n === 0) {
    throw new TesseraError({
      code: "empty_group",
      path: ["segment"],
      message: `cannot measure lift: ${t.o.n} activated and ${c.o.n} held-out members`,
    });
  }
  return {
    segment: members.segment,
    source: members.source,
    against,
    holdout,
    conversion,
    from: new Date(opts.from).toISOString(),
    to: new Date(opts.to).toISOString(),
    treated: t.o,
    control: c.o,
    excluded,
    lift: holdoutLift({ n: t.o.n, successes: t.o.conversions }, { n: c.o.n, successes: c.o.conversions }),
    revenuePerMember: t.o.n >= 2 && c.o.n >= 2 ? compareMeans(c.values, t.values) : null,
  };
}
