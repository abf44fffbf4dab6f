import type { Queryable } from "../../store/index.js";
import { type AttributionReport, attributionReport } from "../attribution/channel-attribution.js";
import { journeysFromEvents, pathsFromJourneys, type TouchEvent } from "../attribution/journeys.js";
import { propertyPath } from "./kpi-options.js";
import { memberRelation } from "./segment-members.js";

export interface AttributionQuery {
  touch: string;
  channelProperty: string;
  conversion: string;
  valueProperty?: string;
  from?: number;
  to?: number;
  order?: number;
  halfLifeMs?: number;
}

export interface EngineAttribution extends AttributionReport {
  profiles: number;
  journeys: number;
  unattributedConversions: number;
}

/**
 * Multi-touch attribution over the store: touch events (their channel property) and conversion events of a cohort
 * (all profiles when `members` is null), in event-time order with arrival order breaking ties, split into journeys
 * and credited by the Markov removal effect beside first/last/linear/position/time-decay.
 */
export async function engineAttribution(
  db: Queryable,
  members: readonly string[] | null,
  q: AttributionQuery,
): Promise<EngineAttribution> {
  const cohort = members === null ? "" : `SEMI JOIN ${memberRelation("$7")} m ON e.profile_id = m.profile_id`;
  const rows = await db.all<{ profile_id: string; ts: number; event: string; ch: string | null; v: number | null }>(
    `SELECT e.profile_id, e.ts, e.event, json_extract_string(e.properties, $3) AS ch,
            TRY_CAST(json_extract_string(e.properties, $4) AS DOUBLE) AS v
     FROM events e ${cohort}
     WHERE e.event IN ($1, $2) AND e.ts >= $5 AND e.ts < $6
     ORDER BY e.profile_id, e.ts, e.seq`,
    [
      q.touch,
      q.conversion,
      propertyPath(q.channelProperty),
      propertyPath(q.valueProperty ?? "revenue"),
      q.from ?? 0,
      q.to ?? Number.MAX_SAFE_INTEGER,
      ...(members === null ? [] : [JSON.stringify(members)]),
    ],
  );
  const events: TouchEvent[] = [];
  const profiles = new Set<string>();
  for (const r of rows) {
    const isConversion = r.event === q.conversion;
    const channel = r.event === q.touch ? (r.ch ?? "") : "";
    if (!isConversion && channel === "") continue;
    profiles.add(r.profile_id);
    const e: TouchEvent = { customer: r.profile_id, time: r.ts, channel, conversion: isConversion };
    if (isConversion && r.v !== null) e.value = r.v;
    events.push(e);
  }
  const split = journeysFromEvents(events);
  const paths = pathsFromJourneys(split.journeys);
  const report = attributionReport(paths, {
    journeys: split.journeys,
    withValue: true,
    ...(q.halfLifeMs !== undefined ? { halfLifeMs: q.halfLifeMs } : {}),
    ...(q.order !== undefined ? { order: q.order } : {}),
  });
  return {
    ...report,
    profiles: profiles.size,
    journeys: split.journeys.length,
    unattributedConversions: split.unattributedConversions,
  };
}
