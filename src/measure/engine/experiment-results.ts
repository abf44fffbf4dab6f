import { DAY_MS, TesseraError } from "../../model/index.js";
import type { Queryable, SqlValue } from "../../store/index.js";
import { analyzeExperiment, type ExperimentResult } from "../experiment-analysis.js";
import { assignVariant, type Experiment } from "./experiment-definition.js";
import { propertyPath } from "./kpi-options.js";

export interface ArmOutcome {
  name: string;
  units: number;
  /** Units with at least one metric event in their window. */
  converted: number;
  /** Sum of the metric over the arm's units (events, or the property). */
  total: number;
}

export interface ExperimentReadout {
  experiment: string;
  metric: Experiment["metric"];
  assignment: "bucket" | "event";
  exposureEvent: string | null;
  trigger: string | null;
  units: {
    /** Exposed (or assigned) profiles in the experiment's time range. */
    exposed: number;
    analysed: number;
    /** Event assignment: units whose exposures named more than one variant (left out). */
    multipleVariants: number;
    /** Event assignment: units exposed to a variant the definition does not list (left out). */
    unknownVariant: number;
    /** Triggered analysis: units without the trigger event in their window (left out). */
    notTriggered: number;
  };
  arms: ArmOutcome[];
  analysis: ExperimentResult;
}

interface UnitRow {
  profile_id: string;
  v: string | null;
  nv: number;
  c: number;
  s: number | null;
  trig: boolean | null;
}

/**
 * Reads an experiment out of the store. One SQL pass builds the units (first exposure per profile, or every profile
 * exposed at the start) and, per unit, the metric events in (exposure, exposure + window]; assignment, filtering
 * and the statistics (analyzeExperiment) run in JS.
 */
export async function experimentResults(db: Queryable, e: Experiment): Promise<ExperimentReadout> {
  const assignment = e.assignment ?? "bucket";
  const start = e.start ?? 0;
  const end = e.end ?? Number.MAX_SAFE_INTEGER;
  const params: SqlValue[] = [start, end, e.metric.event, e.trigger ?? e.metric.event, e.metric.windowDays * DAY_MS];
  const p = (v: SqlValue): string => {
    params.push(v);
    return `$${params.length}`;
  };
  let units: string;
  if (e.exposureEvent !== undefined) {
    const variant = `json_extract_string(properties, ${p(propertyPath(e.variantProperty ?? "variant"))})`;
    const exp = `json_extract_string(properties, ${p(propertyPath(e.experimentProperty ?? "experiment"))})`;
    units = `SELECT profile_id, min(ts) AS t, arg_min(${variant}, ts) AS v, count(DISTINCT ${variant}) AS nv
      FROM events WHERE event = ${p(e.exposureEvent)} AND ts >= $1 AND ts < $2 AND coalesce(${exp}, ${p(e.id)}) = ${p(e.id)}
      GROUP BY profile_id`;
  } else {
    units = "SELECT profile_id, greatest(created_at, $1) AS t, NULL AS v, 1 AS nv FROM profiles WHERE created_at < $2";
  }
  const metricProp =
    e.metric.property === undefined
      ? "NULL"
      : `TRY_CAST(json_extract_string(ev.properties, ${p(propertyPath(e.metric.property))}) AS DOUBLE)`;
  const rows = await db.all<UnitRow>(
    `WITH u AS (${units})
     SELECT u.profile_id, u.v, u.nv, count(ev.ts) FILTER (WHERE ev.event = $3) AS c,
            sum(${metricProp}) FILTER (WHERE ev.event = $3) AS s, bool_or(ev.event = $4) AS trig
     FROM u LEFT JOIN events ev ON ev.profile_id = u.profile_id AND ev.ts > u.t AND ev.ts <= u.t + $5
       AND ev.ts < $2 AND ev.event IN ($3, $4)
     GROUP BY u.profile_id, u.v, u.nv ORDER BY u.profile_id`,
    params,
  );
  const defined = new Set(e.variants.map((v) => v.name));
  const values = new Map<string, number[]>(e.variants.map((v) => [v.name, []]));
  const arms = new Map<string, ArmOutcome>(
    e.variants.map((v) => [v.name, { name: v.name, units: 0, converted: 0, total: 0 }]),
  );
  const counts = { exposed: rows.length, analysed: 0, multipleVariants: 0, unknownVariant: 0, notTriggered: 0 };
  for (const r of rows) {
    let variant: string;
    if (assignment === "event") {
      if (r.nv > 1) {
        counts.multipleVariants++;
        continue;
      }
      if (r.v === null || !defined.has(r.v)) {
        counts.unknownVariant++;
        continue;
      }
      variant = r.v;
    } else variant = assignVariant(e, r.profile_id);
    if (e.trigger !== undefined && r.trig !== true) {
      counts.notTriggered++;
      continue;
    }
    const value =
      e.metric.kind === "proportion" ? (r.c > 0 ? 1 : 0) : e.metric.property === undefined ? r.c : (r.s ?? 0);
    values.get(variant)?.push(value);
    const arm = arms.get(variant);
    if (arm) {
      arm.units++;
      if (r.c > 0) arm.converted++;
      arm.total += value;
    }
    counts.analysed++;
  }
  const sortedNames = [...defined].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const weight = new Map(e.variants.map((v) => [v.name, v.weight]));
  const analysis = analyzeExperiment(
    e.variants.map((v) => ({ name: v.name, values: values.get(v.name) ?? [] })),
    {
      kind: e.metric.kind,
      control: e.control ?? e.variants[0]?.name ?? "",
      expectedSplit: sortedNames.map((n) => weight.get(n) ?? 1),
    },
  );
  return {
    experiment: e.id,
    metric: e.metric,
    assignment,
    exposureEvent: e.exposureEvent ?? null,
    trigger: e.trigger ?? null,
    units: counts,
    arms: [...arms.values()],
    analysis,
  };
}

export interface ObservedQuery {
  experiment: string;
  conversion: string;
  windowDays: number;
  exposureEvent?: string;
  variantProperty?: string;
  experimentProperty?: string;
  trigger?: string;
  kind?: "proportion" | "mean";
  property?: string;
  control?: string;
}

/**
 * An experiment nobody defined here, read straight from its exposure events (Segment's "Experiment Viewed" with
 * properties experiment and variant): the variants are the ones the events name, each with an equal expected split.
 */
export async function observedExperiment(db: Queryable, q: ObservedQuery): Promise<ExperimentReadout> {
  const exposureEvent = q.exposureEvent ?? "Experiment Viewed";
  const variantProp = propertyPath(q.variantProperty ?? "variant");
  const expProp = propertyPath(q.experimentProperty ?? "experiment");
  const names = await db.all<{ v: string }>(
    `SELECT DISTINCT json_extract_string(properties, $2) AS v FROM events
     WHERE event = $1 AND json_extract_string(properties, $3) = $4 AND json_extract_string(properties, $2) IS NOT NULL ORDER BY v`,
    [exposureEvent, variantProp, expProp, q.experiment],
  );
  if (names.length === 0) {
    throw new TesseraError(
      {
        code: "experiment_not_observed",
        path: ["experiment"],
        message: `no "${exposureEvent}" event names experiment "${q.experiment}" with a variant`,
      },
      404,
    );
  }
  const variants = names.map((r) => ({ name: r.v, weight: 1 }));
  const control = q.control ?? (variants.some((v) => v.name === "control") ? "control" : variants[0]?.name);
  const e: Experiment = {
    id: q.experiment,
    variants,
    exposureEvent,
    assignment: "event",
    metric: {
      event: q.conversion,
      kind: q.kind ?? "proportion",
      windowDays: q.windowDays,
      ...(q.property !== undefined ? { property: q.property } : {}),
    },
    ...(q.variantProperty !== undefined ? { variantProperty: q.variantProperty } : {}),
    ...(q.experimentProperty !== undefined ? { experimentProperty: q.experimentProperty } : {}),
    ...(q.trigger !== undefined ? { trigger: q.trigger } : {}),
    ...(control !== undefined ? { control } : {}),
  };
  return experimentResults(db, e);
}
