import type { Queryable, SqlValue } from "../../store/index.js";
import { type CustomerSequence, customerSequences, type PathEvent } from "../paths/customer-sequences.js";
import { type FunnelStep, funnel } from "../paths/funnel.js";
import { type SankeyData, sankey } from "../paths/sankey.js";
import { type PathShare, topPaths } from "../paths/top-paths.js";
import { DEFAULT_KPI_EVENTS } from "./kpi-options.js";
import { memberRelation } from "./segment-members.js";

export interface JourneyQuery {
  /** Funnel steps in order (event names); empty = no funnel. */
  funnel: readonly string[];
  windowMs: number;
  /** Events paths and the Sankey are built from (default: every customer activity event). */
  events?: readonly string[];
  top?: number;
  depth?: number;
  from?: number;
  to?: number;
}

export interface EngineJourneys {
  customers: number;
  funnel: FunnelStep[] | null;
  paths: PathShare[];
  sankey: SankeyData;
}

async function sequences(
  db: Queryable,
  members: readonly string[] | null,
  events: readonly string[] | null,
  from: number,
  to: number,
): Promise<CustomerSequence[]> {
  const params: SqlValue[] = [from, to];
  const p = (v: SqlValue): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const cohort =
    members === null ? "" : `SEMI JOIN ${memberRelation(p(JSON.stringify(members)))} m ON e.profile_id = m.profile_id`;
  const filter =
    events === null
      ? `e.event IS NOT NULL AND NOT list_contains(from_json(${p(JSON.stringify(DEFAULT_KPI_EVENTS.notActivity))}, '["VARCHAR"]'), e.event)`
      : `list_contains(from_json(${p(JSON.stringify(events))}, '["VARCHAR"]'), e.event)`;
  const rows = await db.all<{ profile_id: string; ts: number; event: string }>(
    `SELECT e.profile_id, e.ts, e.event FROM events e ${cohort}
     WHERE ${filter} AND e.ts >= $1 AND e.ts < $2 ORDER BY e.profile_id, e.ts, e.seq`,
    params,
  );
  const pe: PathEvent[] = rows.map((r) => ({ customer: r.profile_id, time: r.ts, event: r.event }));
  return customerSequences(pe);
}

/**
 * Paths and funnels of a cohort (all profiles when `members` is null): the funnel over the chosen steps (only those
 * events are read for it), the most frequent paths and a Sankey of the first `depth` steps over the path events.
 */
export async function engineJourneys(
  db: Queryable,
  members: readonly string[] | null,
  q: JourneyQuery,
): Promise<EngineJourneys> {
  const from = q.from ?? 0;
  const to = q.to ?? Number.MAX_SAFE_INTEGER;
  const pathSeqs = await sequences(db, members, q.events ?? null, from, to);
  const funnelSeqs = q.funnel.length > 0 ? await sequences(db, members, [...new Set(q.funnel)], from, to) : [];
  return {
    customers: pathSeqs.length,
    funnel: q.funnel.length > 0 ? funnel(funnelSeqs, q.funnel, q.windowMs) : null,
    paths: topPaths(pathSeqs, q.top ?? 10),
    sankey: sankey(pathSeqs, q.depth ?? 5),
  };
}
