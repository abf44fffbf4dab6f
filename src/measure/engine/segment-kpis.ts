import { DAY_MS, toIsoDate } from "../../model/index.js";
import type { Queryable, SqlValue } from "../../store/index.js";
import { type DayRange, DEFAULT_KPI_EVENTS, dayRange, type KpiEvents, propertyPath, ratio } from "./kpi-options.js";
import { membershipSeries } from "./membership-series.js";
import { memberRelation } from "./segment-members.js";

export interface KpiValues {
  /** Members at the end of the day (null when the segment has neither a log nor a definition to replay). */
  size: number | null;
  entries: number | null;
  exits: number | null;
  /** Cohort members with any activity event. */
  active: number;
  orders: number;
  revenue: number;
  /** Distinct cohort members with at least one order. */
  buyers: number;
  conversionRate: number | null;
  revenuePerMember: number | null;
  averageOrderValue: number | null;
  clicks: number;
  addToCarts: number;
  /** Of the members active in the previous retention window, the share active again in the latest one. */
  retention: number | null;
  churnRate: number | null;
}

export interface SegmentKpis {
  /** Number of cohort members (the current members) every rate is divided by. */
  members: number;
  from: string;
  to: string;
  retentionDays: number;
  membershipSource: "membership_log" | "evaluated" | "none";
  days: (KpiValues & { day: string })[];
  totals: KpiValues & { meanClv: number | null };
}

export interface KpiOptions {
  from: number;
  to: number;
  events?: Partial<KpiEvents>;
  /** Length of the retention window in days (default 7): retention on day d compares (d−2R, d−R] with (d−R, d]. */
  retentionDays?: number;
  /** Computed trait averaged as the mean CLV (default "clv.12m"). */
  clvTrait?: string;
}

interface DayRow {
  day: number | null;
  active: number;
  orders: number;
  revenue: number | null;
  buyers: number;
  clicks: number;
  add_to_carts: number;
}

/**
 * KPIs of a cohort (a segment's current members) per UTC day and over the whole range, in two SQL passes over the
 * events of the cohort (day aggregates with a grand total row; retention from distinct active days), plus the
 * membership series and the mean of the CLV computed trait.
 */
export async function cohortKpis(
  db: Queryable,
  segment: string | null,
  members: readonly string[],
  opts: KpiOptions,
): Promise<SegmentKpis> {
  const ev: KpiEvents = { ...DEFAULT_KPI_EVENTS, ...opts.events };
  const range = dayRange(opts.from, opts.to);
  const R = opts.retentionDays ?? 7;
  const start = range.firstDay * DAY_MS;
  const end = range.endDay * DAY_MS;
  const m = JSON.stringify(members);
  const notActivity = JSON.stringify(ev.notActivity);
  const activity = `event IS NOT NULL AND NOT list_contains(from_json($8, '["VARCHAR"]'), event)`;
  const params: SqlValue[] = [
    m,
    start,
    end,
    ev.conversion,
    propertyPath(ev.revenueProperty),
    ev.clicks,
    ev.addToCarts,
    notActivity,
  ];
  const dayRows = await db.all<DayRow>(
    `WITH ev AS (
       SELECT e.profile_id, CAST(floor(e.ts / ${DAY_MS}) AS BIGINT) AS day, e.event,
              TRY_CAST(json_extract_string(e.properties, $5) AS DOUBLE) AS rev, ${activity} AS act
       FROM events e SEMI JOIN ${memberRelation("$1")} m ON e.profile_id = m.profile_id
       WHERE e.ts >= $2 AND e.ts < $3)
     SELECT day, count(DISTINCT profile_id) FILTER (WHERE act) AS active, count(*) FILTER (WHERE event = $4) AS orders,
            sum(rev) FILTER (WHERE event = $4) AS revenue, count(DISTINCT profile_id) FILTER (WHERE event = $4) AS buyers,
            count(*) FILTER (WHERE event = $6) AS clicks, count(*) FILTER (WHERE event = $7) AS add_to_carts
     FROM ev GROUP BY GROUPING SETS ((day), ())`,
    params,
  );
  const retention = await retentionByDay(db, m, range, R, notActivity);
  const series = segment === null ? { source: "none" as const, days: [] } : await membershipSeries(db, segment, range);
  const n = members.length;
  const byDay = new Map(dayRows.filter((r) => r.day !== null).map((r) => [r.day as number, r]));
  const values = (
    r: DayRow | undefined,
    ret: number | null,
    mem: { size: number; entries: number; exits: number } | undefined,
  ): KpiValues => {
    const orders = r?.orders ?? 0;
    const revenue = r?.revenue ?? 0;
    const buyers = r?.buyers ?? 0;
    return {
      size: mem?.size ?? null,
      entries: mem?.entries ?? null,
      exits: mem?.exits ?? null,
      active: r?.active ?? 0,
      orders,
      revenue,
      buyers,
      conversionRate: ratio(buyers, n),
      revenuePerMember: ratio(revenue, n),
      averageOrderValue: ratio(revenue, orders),
      clicks: r?.clicks ?? 0,
      addToCarts: r?.add_to_carts ?? 0,
      retention: ret,
      churnRate: ret === null ? null : 1 - ret,
    };
  };
  const days: SegmentKpis["days"] = [];
  for (let d = range.firstDay; d < range.endDay; d++) {
    const i = d - range.firstDay;
    days.push({ day: toIsoDate(d * DAY_MS), ...values(byDay.get(d), retention[i] ?? null, series.days[i]) });
  }
  const lastMem = series.days.at(-1);
  const memTotal =
    lastMem === undefined
      ? undefined
      : {
          size: lastMem.size,
          entries: series.days.reduce((s, d) => s + d.entries, 0),
          exits: series.days.reduce((s, d) => s + d.exits, 0),
        };
  const totalRow = dayRows.find((r) => r.day === null);
  const totals = {
    ...values(totalRow, retention.at(-1) ?? null, memTotal),
    meanClv: await meanComputed(db, m, opts.clvTrait ?? "clv.12m"),
  };
  return {
    members: n,
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    retentionDays: R,
    membershipSource: series.source,
    days,
    totals,
  };
}

/** Rolling retention per day: members active in (d−2R, d−R] who are active again in (d−R, d] (days inclusive of d). */
async function retentionByDay(
  db: Queryable,
  members: string,
  range: DayRange,
  R: number,
  notActivity: string,
): Promise<(number | null)[]> {
  const rows = await db.all<{ d: number; base: number; kept: number }>(
    `WITH act AS (
       SELECT DISTINCT e.profile_id, CAST(floor(e.ts / ${DAY_MS}) AS BIGINT) AS day
       FROM events e SEMI JOIN ${memberRelation("$1")} m ON e.profile_id = m.profile_id
       WHERE e.ts >= $2 AND e.ts < $3 AND e.event IS NOT NULL AND NOT list_contains(from_json($6, '["VARCHAR"]'), e.event)),
     days AS (SELECT unnest(range(CAST($4 AS BIGINT), CAST($5 AS BIGINT))) AS d),
     pm AS (SELECT days.d, a.profile_id, bool_or(a.day <= days.d - ${R}) AS prev, bool_or(a.day > days.d - ${R}) AS cur
            FROM days JOIN act a ON a.day > days.d - ${2 * R} AND a.day <= days.d GROUP BY 1, 2)
     SELECT d, count(*) FILTER (WHERE prev) AS base, count(*) FILTER (WHERE prev AND cur) AS kept FROM pm GROUP BY d`,
    [members, (range.firstDay - 2 * R + 1) * DAY_MS, range.endDay * DAY_MS, range.firstDay, range.endDay, notActivity],
  );
  const out: (number | null)[] = new Array(range.endDay - range.firstDay).fill(null);
  for (const r of rows) out[r.d - range.firstDay] = ratio(r.kept, r.base);
  return out;
}

/** Mean of a numeric computed trait over the cohort; null when no member has it. */
async function meanComputed(db: Queryable, members: string, name: string): Promise<number | null> {
  const rows = await db.all<{ v: number | null }>(
    `SELECT avg(TRY_CAST(c.value AS DOUBLE)) AS v FROM computed_traits c
     SEMI JOIN ${memberRelation("$1")} m ON c.profile_id = m.profile_id WHERE c.name = $2`,
    [members, name],
  );
  return rows[0]?.v ?? null;
}
