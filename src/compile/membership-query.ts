import type { Condition, SegmentRecord } from "../model/index.js";
import { CompileContext, type EventPass, type NodeResult, SEL_FILTER, SEL_MARK } from "./compile-context.js";
import type { Dialect } from "./dialect.js";
import { duckdbDialect } from "./dialects/duckdb/duckdb-dialect.js";
import { compileNode } from "./node-compiler.js";
import { segmentTruth } from "./nodes/in-segment-node-sql.js";
import { ParamList, type ParamValue } from "./param-list.js";

/** What to evaluate: a stored segment (by id, with its parent chain) or a bare definition (preview, impact). */
export type MembershipTarget = { segmentId: string } | { definition: Condition; parent?: string };

export interface MembershipOptions {
  /** The instant t (epoch ms): events with ts ≤ t, traits folded from values with ts ≤ t. */
  asOf: number;
  /** Stored segments, to resolve inSegment and parent references. */
  segments?: ReadonlyMap<string, SegmentRecord> | undefined;
  dialect?: Dialect;
  /** SQL (without values) selecting a profile_id column: restrict evaluation to these profiles (reasons). */
  restrictTo?: string;
  /** Restrict evaluation to these profile ids (bound as parameters), e.g. explain for one profile. */
  restrictToIds?: readonly string[];
  /** Also select every node's truth and evidence columns (node_<i>, ev_<i>_<j>), for explain and reasons. */
  explain?: boolean;
  /**
   * Rows of profiles in no target may be left out (sizes, member lists, impact): targets whose truths all need a row
   * in the same event pass are then evaluated only over that pass's profiles, and every other scan narrowed to them.
   */
  membersOnly?: boolean;
}

export interface CompiledMembership {
  /** SELECT profile_id, m0..m{n−1} [, node/evidence columns] — one row per profile of the population. */
  sql: string;
  params: ParamValue[];
  /** The boolean column of each target, in order. */
  columns: string[];
  /** The node tree of each target (for explain and reasons), with column names for evidence. */
  nodes: NodeResult[];
  /** node path → select alias, when explain is on. */
  explainColumns: Map<NodeResult, { truth: string; evidence: string[] }>;
  /** The event pass the rows were narrowed to (membersOnly), if any: then not every profile has a row. */
  anchor?: string;
}

/**
 * One event name's grouped pass: its rows (ts ≤ t) with each property it reads parsed once, typed once, then every
 * aggregate of every segment over that event. Rows of other events never touch these aggregates.
 */
function eventPassSql(ctx: CompileContext, d: Dialect, event: string, pass: EventPass, selFilter: string): string {
  const props = [...pass.props.values()];
  const extract = props
    .map((e) => `, ${d.jsonExtract("properties", ctx.p(d.jsonPath(e.path)))} AS pj${e.index}`)
    .join("");
  const from = typeof pass.from === "number" ? ` AND ts > ${ctx.p(pass.from)}` : "";
  let src = `SELECT profile_id, ts, seq${extract} FROM events WHERE event = ${ctx.p(event)} AND ts <= ${ctx.t}${from}${selFilter}`;
  if (props.length) {
    src = `SELECT *, ${props.map((e) => `${d.jsonKind(`pj${e.index}`)} AS pk${e.index}`).join(", ")} FROM (${src}) e1`;
    const typed = props.map(
      (e) =>
        `CASE WHEN pk${e.index} = 'number' THEN ${d.jsonToDouble(`pj${e.index}`)} END AS pn${e.index}, ` +
        `CASE WHEN pk${e.index} = 'string' THEN ${d.jsonToString(`pj${e.index}`)} END AS ps${e.index}`,
    );
    src = `SELECT *, ${typed.join(", ")} FROM (${src}) e2`;
  }
  const aggs = [...pass.aggs].map(([sql, alias]) => `${sql} AS ${alias}`);
  return `SELECT profile_id, ${aggs.join(", ")} FROM (${src}) e3 GROUP BY profile_id`;
}

/** Adds `<c>_k`, `<c>_n`, `<c>_s` (kind, number, string readings) for each JSON column, computed once per row. */
function typedLayer(d: Dialect, cols: string[], inner: string): string {
  const kinds = cols.map((c) => `${d.jsonKind(c)} AS ${c}_k`).join(", ");
  const typed = cols
    .map(
      (c) =>
        `CASE WHEN ${c}_k = 'number' THEN ${d.jsonToDouble(c)} END AS ${c}_n, CASE WHEN ${c}_k = 'string' THEN ${d.jsonToString(c)} END AS ${c}_s`,
    )
    .join(", ");
  return `SELECT *, ${typed} FROM (SELECT *, ${kinds} FROM (${inner}) x1) x2`;
}

/**
 * Compiles many targets into ONE query: one GROUP BY pass over events for every performed/first/last/did node of
 * every target, one pass over trait_values, one over computed_traits, side CTEs only for sequence and top/bottom
 * percent; then a boolean column per target. The compiler returns text and values; it runs nothing.
 */
export function compileMembership(targets: readonly MembershipTarget[], opts: MembershipOptions): CompiledMembership {
  const dialect = opts.dialect ?? duckdbDialect;
  const params = new ParamList(dialect);
  const segments = opts.segments ?? new Map<string, SegmentRecord>();
  const restricted = opts.restrictTo !== undefined || opts.restrictToIds !== undefined;
  const ctx = new CompileContext(dialect, params, opts.asOf, segments, restricted, opts.membersOnly === true);
  const nodes = targets.map((target) => {
    if ("segmentId" in target) return segmentTruth(ctx, target.segmentId, [], compileNode);
    const own = compileNode(ctx, target.definition, []);
    if (target.parent === undefined) return own;
    const parent = segmentTruth(ctx, target.parent, ["parent"], compileNode);
    return { ...own, truth: `(${parent.truth} AND ${own.truth})` };
  });
  const ids = opts.restrictToIds?.length ? opts.restrictToIds.map((id) => ctx.p(id)).join(", ") : "NULL";
  const within = opts.restrictTo ?? (opts.restrictToIds ? ids : undefined);
  const selCols = [...ctx.selColumns].map(([alias, sql]) => `, ${sql} AS ${alias}`).join("");
  const sel =
    within === undefined
      ? `sel AS (SELECT profile_id${selCols} FROM pop)`
      : `sel AS (SELECT profile_id${selCols} FROM pop WHERE profile_id IN (${within}))`;
  // Members only, every target with the same anchor: the population is the anchor pass's profiles (computed first,
  // from all rows), and every other scan keeps only those profiles.
  const first = nodes[0]?.anchor;
  const anchor = opts.membersOnly && !restricted && nodes.every((n) => n.anchor === first) ? first : undefined;
  const ctes = ["pop AS (SELECT profile_id FROM profiles)"];
  const joins: string[] = [];
  for (const [event, pass] of ctx.eventPasses) {
    if (pass.name !== anchor) continue;
    ctes.push(`${pass.name} AS (${eventPassSql(ctx, dialect, event, pass, "")})`);
  }
  ctes.push(anchor === undefined ? sel : `sel AS (SELECT profile_id${selCols} FROM ${anchor})`);
  for (const [event, pass] of ctx.eventPasses) {
    if (pass.name !== anchor) ctes.push(`${pass.name} AS (${eventPassSql(ctx, dialect, event, pass, ctx.selFilter)})`);
    joins.push(`LEFT JOIN ${pass.name} ON ${pass.name}.profile_id = sel.profile_id`);
  }
  if (ctx.traitKeys.size) {
    const cols = [...ctx.traitKeys].map(
      ([key, alias]) => `${dialect.filteredArgMax("value", "ts", "seq", `key = ${ctx.p(key)}`)} AS ${alias}`,
    );
    const keys = [...ctx.traitKeys.keys()].map((k) => ctx.p(k));
    ctes.push(
      `tr AS (${typedLayer(dialect, [...ctx.traitKeys.values()], `SELECT profile_id, ${cols.join(", ")} FROM trait_values WHERE ts <= ${ctx.t} AND key IN (${keys.join(", ")})${ctx.selFilter} GROUP BY profile_id`)})`,
    );
    joins.push("LEFT JOIN tr ON tr.profile_id = sel.profile_id");
  }
  if (ctx.computedNames.size) {
    const cols = [...ctx.computedNames].map(
      ([name, alias]) =>
        `${dialect.filteredArgMax("value", "computed_at", "version", `name = ${ctx.p(name)}`)} AS ${alias}`,
    );
    ctes.push(
      `ct AS (${typedLayer(dialect, [...ctx.computedNames.values()], `SELECT profile_id, ${cols.join(", ")} FROM computed_traits WHERE true${ctx.selFilter} GROUP BY profile_id`)})`,
    );
    joins.push("LEFT JOIN ct ON ct.profile_id = sel.profile_id");
  }
  for (const s of ctx.sideCtes) {
    ctes.push(`${s.name} AS (${s.sql})`);
    if (s.joined) joins.push(`LEFT JOIN ${s.name} ON ${s.name}.profile_id = sel.profile_id`);
  }
  const columns = nodes.map((_, i) => `m${i}`);
  const select = ["sel.profile_id AS profile_id", ...nodes.map((n, i) => `${n.truth} AS m${i}`)];
  const explainColumns = new Map<NodeResult, { truth: string; evidence: string[] }>();
  if (opts.explain) {
    let i = 0;
    const walk = (n: NodeResult): void => {
      const id = i++;
      const evidence = n.evidence.map((e, j) => {
        select.push(`${e.column} AS ev_${id}_${j}`);
        return `ev_${id}_${j}`;
      });
      select.push(`${n.truth} AS node_${id}`);
      explainColumns.set(n, { truth: `node_${id}`, evidence });
      n.children.forEach(walk);
    };
    nodes.forEach(walk);
  }
  let sql = `WITH ${ctes.join(",\n")}\nSELECT ${select.join(", ")} FROM sel ${joins.join(" ")}`;
  if (ctx.selFilter === SEL_MARK) sql = sql.replaceAll(SEL_MARK, anchor === undefined ? "" : SEL_FILTER);
  return { sql, params: params.values, columns, nodes, explainColumns, ...(anchor ? { anchor } : {}) };
}
