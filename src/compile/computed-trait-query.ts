import type { ComputedTraitRecord } from "../model/index.js";
import { parseDuration } from "../model/index.js";
import { CompileContext } from "./compile-context.js";
import type { Dialect } from "./dialect.js";
import { duckdbDialect } from "./dialects/duckdb/duckdb-dialect.js";
import { eventMatch } from "./event-filters.js";
import { ParamList, type ParamValue } from "./param-list.js";

/**
 * A computed trait as one grouped query over events ≤ t (and in the window): SELECT profile_id, value (JSON text).
 * Numbers are JSON numbers; first/last/mostFrequent keep the property's JSON value. mostFrequent ties go to the
 * smallest JSON text, so both engines pick the same value.
 */
export function compileComputedTrait(
  def: ComputedTraitRecord,
  asOf: number,
  dialect: Dialect = duckdbDialect,
): { sql: string; params: ParamValue[] } {
  const params = new ParamList(dialect);
  const ctx = new CompileContext(dialect, params, asOf, new Map(), false);
  const conds = [eventMatch(ctx, def.event, def.where, ["where"], false), `ts <= ${ctx.t}`];
  if (def.within !== undefined) conds.push(`ts > ${ctx.p(asOf - parseDuration(def.within, ["within"]))}`);
  const where = conds.join(" AND ");
  const x =
    def.property === undefined
      ? "NULL"
      : dialect.jsonExtract("properties", ctx.p(dialect.jsonPath(def.property.split("."))));
  const num = `(CASE WHEN ${dialect.jsonKind(x)} = 'number' THEN ${dialect.jsonToDouble(x)} END)`;
  const present = `(${dialect.jsonKind(x)} IS NOT NULL AND ${dialect.jsonKind(x)} <> 'null')`;
  let sql: string;
  switch (def.fn) {
    case "count":
      sql = `SELECT profile_id, CAST(count(*) AS VARCHAR) AS value FROM events WHERE ${where} GROUP BY profile_id`;
      break;
    case "sum":
    case "avg":
    case "min":
    case "max":
      sql = `SELECT profile_id, CAST(to_json(${def.fn}(${num})) AS VARCHAR) AS value FROM events WHERE ${where} GROUP BY profile_id HAVING count(${num}) > 0`;
      break;
    case "distinct":
      sql = `SELECT profile_id, CAST(count(DISTINCT ${dialect.distinctKey(x)}) AS VARCHAR) AS value FROM events WHERE ${where} GROUP BY profile_id`;
      break;
    case "first":
    case "last": {
      const f = def.fn === "first" ? "arg_min" : "arg_max";
      sql = `SELECT profile_id, CAST(${f}(${x}, (ts, seq)) AS VARCHAR) AS value FROM events WHERE ${where} AND ${present} GROUP BY profile_id`;
      break;
    }
    case "mostFrequent":
      sql = [
        `SELECT profile_id, value FROM (SELECT profile_id, value, row_number() OVER (PARTITION BY profile_id ORDER BY n DESC, value ASC) AS r`,
        `FROM (SELECT profile_id, CAST(${x} AS VARCHAR) AS value, count(*) AS n FROM events WHERE ${where} AND ${present} GROUP BY 1, 2) c) q WHERE r = 1`,
      ].join(" ");
      break;
    default: {
      const never: never = def.fn;
      throw new Error(`unreachable function ${String(never)}`);
    }
  }
  return { sql, params: params.values };
}
