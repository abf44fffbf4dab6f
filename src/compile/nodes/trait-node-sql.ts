import type { ErrorPath, TraitNode } from "../../model/index.js";
import type { CompileContext, NodeResult } from "../compile-context.js";
import { haversineWithin, type Typed, typedOf, valueTest } from "../value-test.js";

/** tr.t0 → its typed companions tr.t0_k, tr.t0_n, tr.t0_s (see compileMembership). */
const typedColumns = (col: string): Typed => ({ json: col, kind: `${col}_k`, num: `${col}_n`, str: `${col}_s` });

/** Splits "address.city" → key "address", sub ["city"]; "$rfm.score" → computed "rfm", sub ["score"]. */
export function splitTrait(trait: string): { computed: boolean; key: string; sub: string[] } {
  const computed = trait.startsWith("$");
  const [key = "", ...sub] = (computed ? trait.slice(1) : trait).split(".");
  return { computed, key, sub };
}

/** A trait value at t: traits folded from trait_values (ts ≤ t), computed traits from their latest evaluation. */
export function traitSql(ctx: CompileContext, n: TraitNode, path: ErrorPath): NodeResult {
  const { computed, key, sub } = splitTrait(n.trait);
  const d = ctx.dialect;
  const label = `trait ${n.trait}`;
  if (n.op === "topPercent" || n.op === "bottomPercent") return percentSql(ctx, n, path, label);
  const col = computed ? ctx.computed(key) : ctx.trait(key);
  // Top-level values are typed once per profile in the traits pass; nested paths are read inline.
  const t = sub.length ? typedOf(ctx, d.jsonExtract(col, ctx.p(d.jsonPath(sub)))) : typedColumns(col);
  const x = t.json;
  return {
    path,
    kind: "trait",
    label,
    truth: n.op === "near" ? nearSql(ctx, t, n.value as GeoValue) : valueTest(ctx, t, n.op, n.value, path),
    evidence: [{ label: n.trait, column: x, format: "json" }],
    children: [],
  };
}

type GeoValue = { lat: number; lon: number; km: number };

/**
 * `near`: from the trait itself when it holds numeric {lat, lon}, else from the profile's top-level `lat` and `lon`
 * traits (DESIGN §3) — so `city near (52.52, 13.40) within 50km` works on profiles identified with lat/lon.
 */
function nearSql(ctx: CompileContext, t: Typed, g: GeoValue): string {
  const d = ctx.dialect;
  const part = (k: string) =>
    `(CASE WHEN ${t.kind} = 'object' THEN ${d.jsonToDouble(d.jsonExtract(t.json, ctx.p(d.jsonPath([k]))))} END)`;
  const [objLat, objLon] = [part("lat"), part("lon")];
  const own = `(${objLat} IS NOT NULL AND ${objLon} IS NOT NULL)`;
  const lat = `(CASE WHEN ${own} THEN ${objLat} ELSE ${ctx.trait("lat")}_n END)`;
  const lon = `(CASE WHEN ${own} THEN ${objLon} ELSE ${ctx.trait("lon")}_n END)`;
  return `coalesce(${haversineWithin(ctx, lat, lon, g)}, false)`;
}

/**
 * The cut of a top/bottom p % node over a CTE of the population's numeric values `v`, as a member test on `value`.
 * rank ≤ k (k = ceil(p·N/100), rank = 1 + number of strictly better values) ⇔ the value is at least as good as the
 * k-th best: one top-k pass for a one-row threshold instead of a window sort of the whole population.
 */
function percentCut(ctx: CompileContext, n: TraitNode, values: string, value: string, label: string, path: ErrorPath) {
  const top = n.op === "topPercent";
  const pct = ctx.p(Number(n.value));
  const kth = ctx.side(
    JSON.stringify([n.trait, n.op, n.value, ctx.asOf, values]),
    ["t"],
    () =>
      `SELECT ${top ? "min" : "max"}(v) AS t FROM (SELECT v FROM ${values} ORDER BY v ${top ? "DESC" : "ASC"} LIMIT (SELECT CAST(ceil(${pct} * count(*) / 100.0) AS BIGINT) FROM ${values}))`,
    false,
  );
  return {
    path,
    kind: "trait",
    label,
    truth: `coalesce(${value} ${top ? ">=" : "<="} (SELECT t FROM ${kth}), false)`,
    evidence: [{ label: n.trait, column: value, format: "number" as const }],
    children: [],
  };
}

/**
 * Top/bottom p % when the traits pass covers everyone (no restriction): the value is the fold's typed number column
 * (no pass or join of its own) and the cut a one-row threshold over the population's values.
 */
function percentFromFold(ctx: CompileContext, n: TraitNode, label: string, path: ErrorPath): NodeResult {
  const { computed, key } = splitTrait(n.trait);
  const col = computed ? ctx.computed(key) : ctx.trait(key);
  const [table = "", alias = ""] = col.split(".");
  // The population's numeric values, once per trait (every cut on it reads them twice: N and the top k).
  const values = ctx.side(
    JSON.stringify([n.trait, "population values", ctx.asOf]),
    ["v"],
    () =>
      `SELECT ${alias}_n AS v FROM ${table} WHERE ${alias}_n IS NOT NULL AND profile_id IN (SELECT profile_id FROM pop)`,
    false,
  );
  return percentCut(ctx, n, values, `${col}_n`, label, path);
}

/**
 * Top/bottom p %: among the population's profiles with a numeric value, rank = 1 + number of strictly better
 * values; member iff rank ≤ ceil(p × N / 100). Ties at the boundary are all in. Computed from its own pass over the
 * whole population, so a restricted evaluation (explain) still ranks against everyone.
 */
function percentSql(ctx: CompileContext, n: TraitNode, path: ErrorPath, label: string): NodeResult {
  const { computed, key, sub } = splitTrait(n.trait);
  if (ctx.selFilter === "" && sub.length === 0) return percentFromFold(ctx, n, label, path);
  const d = ctx.dialect;
  const source = computed
    ? `SELECT profile_id, ${d.filteredArgMax("value", "computed_at", "version", `name = ${ctx.p(key)}`)} AS v FROM computed_traits WHERE name = ${ctx.p(key)} GROUP BY profile_id`
    : `SELECT profile_id, ${d.filteredArgMax("value", "ts", "seq", `key = ${ctx.p(key)}`)} AS v FROM trait_values WHERE ts <= ${ctx.t} AND key = ${ctx.p(key)} GROUP BY profile_id`;
  const raw = sub.length ? d.jsonExtract("src.v", ctx.p(d.jsonPath(sub))) : "src.v";
  const num = `(CASE WHEN ${d.jsonKind(raw)} = 'number' THEN ${d.jsonToDouble(raw)} END)`;
  // The values are joined once per trait (top and bottom cuts of it share them).
  const vals = ctx.side(
    JSON.stringify([n.trait, "values", ctx.asOf]),
    ["v"],
    () =>
      `SELECT * FROM (SELECT pop.profile_id, ${num} AS v FROM pop JOIN (${source}) src ON src.profile_id = pop.profile_id) q WHERE v IS NOT NULL`,
  );
  return percentCut(ctx, n, vals, `${vals}.v`, label, path);
}
