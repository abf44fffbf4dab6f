import { TesseraError } from "../../model/index.js";
import type { SqlValue, Store } from "../../store/index.js";

const DAY = 86_400_000;

/**
 * Event aggregates a feature may name, `<kind>_<N>d` over the N days up to asOf (1 ≤ N ≤ 3650):
 * orders = "Order Completed" events, revenue = sum of their `properties.revenue`, sessions = "Campaign Touch"
 * events (every session starts with one), events = all events. Profiles without events get 0.
 */
export const EVENT_AGGREGATES = ["orders", "revenue", "sessions", "events"] as const;
const AGG_RE = /^(orders|revenue|sessions|events)_(\d{1,4})d$/;
const IDENT = /^[A-Za-z_][A-Za-z0-9_-]*$/;

export type FeatureSource =
  | { kind: "trait"; key: string; sub: string[] }
  | { kind: "computed"; key: string; sub: string[] }
  | { kind: "aggregate"; agg: (typeof EVENT_AGGREGATES)[number]; days: number };

/** Reads a feature name: `$name.path` = computed trait (name = first segment, JSON path after), `x_Nd` aggregate, else a trait. */
export function featureSource(feature: string, index: number): FeatureSource {
  const m = AGG_RE.exec(feature);
  if (m) {
    const days = Number(m[2]);
    if (days >= 1 && days <= 3650) return { kind: "aggregate", agg: m[1] as (typeof EVENT_AGGREGATES)[number], days };
  }
  const computed = feature.startsWith("$");
  const [key = "", ...sub] = (computed ? feature.slice(1) : feature).split(".");
  if (!key || (computed && !IDENT.test(key)) || !sub.every((s) => IDENT.test(s))) {
    throw new TesseraError({
      code: "discover_bad_feature",
      path: ["features", index],
      message: `feature "${feature}" is not a trait, a $computed.path or an event aggregate like orders_180d`,
    });
  }
  return { kind: computed ? "computed" : "trait", key, sub };
}

/** One row per profile: `values[j]` is the JSON value of feature j (undefined when missing). */
export interface FeatureRows {
  ids: string[];
  values: unknown[][];
}

const jsonPath = (sub: string[]): string => `'$${sub.map((s) => `."${s}"`).join("")}'`;

/**
 * Gathers the features of every profile (or of `only`) with one SQL query: the latest trait value (ts ≤ asOf,
 * ties by arrival), the computed trait's current value, and event aggregates over the window ending at asOf.
 */
export async function gatherFeatures(
  store: Store,
  features: readonly string[],
  asOf: number,
  only?: ReadonlySet<string>,
): Promise<FeatureRows> {
  const sources = features.map(featureSource);
  const params: SqlValue[] = [];
  const p = (v: SqlValue): string => {
    params.push(v);
    return `$${params.length}`;
  };
  const traitKeys = [...new Set(sources.flatMap((s) => (s.kind === "trait" ? [s.key] : [])))];
  const computedKeys = [...new Set(sources.flatMap((s) => (s.kind === "computed" ? [s.key] : [])))];
  const aggs = sources.flatMap((s) => (s.kind === "aggregate" ? [s] : []));
  let tRef: string | undefined;
  const t = (): string => {
    tRef ??= p(asOf);
    return tRef;
  };
  const ctes: string[] = [];
  const joins: string[] = [];
  if (traitKeys.length) {
    const cols = traitKeys.map((k, i) => `max(value) FILTER (WHERE key = ${p(k)}) AS t${i}`);
    const keys = traitKeys.map((_, i) => `$${params.length - traitKeys.length + i + 1}`);
    ctes.push(`tr AS (SELECT profile_id, ${cols.join(", ")} FROM (SELECT profile_id, key, value FROM trait_values
      WHERE ts <= ${t()} AND key IN (${keys.join(", ")})
      QUALIFY row_number() OVER (PARTITION BY profile_id, key ORDER BY ts DESC, seq DESC) = 1) GROUP BY profile_id)`);
    joins.push("LEFT JOIN tr ON tr.profile_id = p.profile_id");
  }
  if (computedKeys.length) {
    const cols = computedKeys.map((k, i) => `max(value) FILTER (WHERE name = ${p(k)}) AS c${i}`);
    ctes.push(`ct AS (SELECT profile_id, ${cols.join(", ")} FROM computed_traits GROUP BY profile_id)`);
    joins.push("LEFT JOIN ct ON ct.profile_id = p.profile_id");
  }
  if (aggs.length) {
    const maxDays = Math.max(...aggs.map((a) => a.days));
    const cols = aggs.map((a, i) => {
      const since = `ts > ${t()} - ${p(a.days * DAY)}`;
      if (a.agg === "orders") return `count(*) FILTER (WHERE event = 'Order Completed' AND ${since}) AS a${i}`;
      if (a.agg === "sessions") return `count(*) FILTER (WHERE event = 'Campaign Touch' AND ${since}) AS a${i}`;
      if (a.agg === "events") return `count(*) FILTER (WHERE ${since}) AS a${i}`;
      return `coalesce(sum(TRY_CAST(json_extract(properties, '$.revenue') AS DOUBLE)) FILTER (WHERE event = 'Order Completed' AND ${since}), 0) AS a${i}`;
    });
    ctes.push(`ev AS (SELECT profile_id, ${cols.join(", ")} FROM events
      WHERE ts <= ${t()} AND ts > ${t()} - ${p(maxDays * DAY)} GROUP BY profile_id)`);
    joins.push("LEFT JOIN ev ON ev.profile_id = p.profile_id");
  }
  const tIdx = new Map(traitKeys.map((k, i) => [k, i]));
  const cIdx = new Map(computedKeys.map((k, i) => [k, i]));
  let a = 0;
  const select = sources.map((s, j) => {
    if (s.kind === "aggregate") return `coalesce(ev.a${a++}, 0) AS f${j}`;
    const col = s.kind === "trait" ? `tr.t${tIdx.get(s.key)}` : `ct.c${cIdx.get(s.key)}`;
    return `${s.sub.length ? `CAST(json_extract(${col}, ${jsonPath(s.sub)}) AS VARCHAR)` : col} AS f${j}`;
  });
  const sql = `${ctes.length ? `WITH ${ctes.join(", ")} ` : ""}SELECT p.profile_id AS id${select.map((x) => `, ${x}`).join("")}
    FROM profiles p ${joins.join(" ")} ORDER BY p.profile_id`;
  const rows = await store.all<Record<string, unknown>>(sql, params);
  const out: FeatureRows = { ids: [], values: [] };
  for (const r of rows) {
    const id = String(r.id);
    if (only && !only.has(id)) continue;
    out.ids.push(id);
    out.values.push(sources.map((s, j) => readJson(r[`f${j}`], s.kind === "aggregate")));
  }
  return out;
}

function readJson(v: unknown, raw: boolean): unknown {
  if (v === null || v === undefined) return undefined;
  if (raw) return Number(v);
  try {
    const x = JSON.parse(String(v)) as unknown;
    return x === null ? undefined : x;
  } catch {
    return undefined;
  }
}
