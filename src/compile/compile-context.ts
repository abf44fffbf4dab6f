import type { Condition, ErrorPath, SegmentRecord } from "../model/index.js";
import type { Dialect } from "./dialect.js";
import type { ParamList, ParamValue } from "./param-list.js";

/** One piece of evidence a node exposes for explain and reasons: a label and the column holding it. */
export interface Evidence {
  label: string;
  column: string;
  /** How to show the value: a count/number, an instant (epoch ms), or JSON text. */
  format: "number" | "time" | "json" | "bool";
}

/** A compiled node: its truth as SQL (never NULL) plus the evidence columns explain shows. */
export interface NodeResult {
  path: ErrorPath;
  /** The AST node this result was compiled from (undefined for a referenced segment's wrapper). */
  node?: Condition;
  /** Human description of the node (the text form of a leaf, or all/any/not). */
  label: string;
  kind: string;
  truth: string;
  evidence: Evidence[];
  children: NodeResult[];
  /**
   * An event pass (CTE name) holding a row for every profile for which `truth` can be true: a necessary condition
   * the query can start from instead of the whole population when only members are needed.
   */
  anchor?: string;
}

/** The grouped pass over one event name's rows: its CTE name, aggregates (sql → alias) and property columns. */
export interface EventPass {
  name: string;
  aggs: Map<string, string>;
  /**
   * Lowest exclusive time bound any aggregate of the pass needs (null = all history). Pushed into the pass's WHERE
   * so a pass whose conditions all look back 30 days reads only those rows.
   */
  from: number | null | undefined;
  props: Map<string, { index: number; path: string[] }>;
}

/** A CTE keyed by profile_id that exposes boolean or value columns; LEFT-joined into the base relation. */
export interface SideCte {
  name: string;
  sql: string;
  columns: string[];
  /** Joined to the population by profile_id (default); false for helper CTEs read only by other CTEs. */
  joined: boolean;
}

export const SEL_FILTER = " AND profile_id IN (SELECT profile_id FROM sel)";
export const SEL_MARK = " /*sel*/";

/**
 * Shared state while compiling many segments into one query: every event aggregate lands in one GROUP BY pass over
 * events, every trait in one pass over trait_values, so N segments cost one scan each, not N.
 */
export class CompileContext {
  /** Per event name: its grouped pass (aggregates and pre-extracted properties), one CTE each. */
  readonly eventPasses = new Map<string, EventPass>();
  readonly eventNames = new Set<string>();
  readonly traitKeys = new Map<string, string>(); // top-level key → alias
  readonly computedNames = new Map<string, string>(); // computed trait name → alias
  readonly sideCtes: SideCte[] = [];
  /** Per-profile expressions computed on the population rows themselves (no scan, no join): alias → SQL. */
  readonly selColumns = new Map<string, string>();
  private readonly selByKey = new Map<string, string>();
  private readonly sideBySql = new Map<string, SideCte>();
  readonly segmentExprs = new Map<string, NodeResult>();
  readonly stack: string[] = [];
  /**
   * Appended to scans of events/trait_values when evaluation is restricted to some profiles (explain, reasons), or,
   * for a members-only query, the marker SEL_MARK that the query builder turns into the filter once it knows the
   * population is narrowed to an anchor (and removes otherwise).
   */
  readonly selFilter: string;

  constructor(
    readonly dialect: Dialect,
    readonly params: ParamList,
    readonly asOf: number,
    readonly segments: ReadonlyMap<string, SegmentRecord>,
    restricted: boolean,
    membersOnly = false,
  ) {
    this.selFilter = restricted ? SEL_FILTER : membersOnly ? SEL_MARK : "";
  }

  /** The pass CTE of an event name, once an aggregate was registered on it. */
  passName(event: string): string | undefined {
    return this.eventPasses.get(event)?.name;
  }

  p(value: ParamValue): string {
    return this.params.add(value);
  }

  get t(): string {
    return this.p(this.asOf);
  }

  private pass(event: string): EventPass {
    let p = this.eventPasses.get(event);
    if (!p) {
      p = { name: `ev${this.eventPasses.size}`, aggs: new Map(), props: new Map(), from: undefined };
      this.eventPasses.set(event, p);
    }
    return p;
  }

  /**
   * Registers an aggregate over the rows of one event name (grouped by profile) and returns its column in the base
   * relation. Identical aggregates of different segments share one column. `from` = the exclusive lower time bound
   * outside which rows cannot change the node's truth (null when it needs all history).
   */
  eventAgg(event: string, sql: string, from: number | null): string {
    const p = this.pass(event);
    p.from = p.from === undefined ? from : p.from === null || from === null ? null : Math.min(p.from, from);
    let alias = p.aggs.get(sql);
    if (!alias) {
      alias = `a${p.aggs.size}`;
      p.aggs.set(sql, alias);
    }
    return `${p.name}.${alias}`;
  }

  /**
   * A property of the current row in an event's pass, extracted and typed ONCE per row (in a projection under the
   * GROUP BY) instead of once per aggregate filter.
   */
  eventProp(path: string[], event: string): { json: string; kind: string; num: string; str: string } {
    const p = this.pass(event);
    const key = JSON.stringify(path);
    let i = p.props.get(key)?.index;
    if (i === undefined) {
      i = p.props.size;
      p.props.set(key, { index: i, path });
    }
    return { json: `pj${i}`, kind: `pk${i}`, num: `pn${i}`, str: `ps${i}` };
  }

  trait(key: string): string {
    let alias = this.traitKeys.get(key);
    if (!alias) {
      alias = `t${this.traitKeys.size}`;
      this.traitKeys.set(key, alias);
    }
    return `tr.${alias}`;
  }

  computed(name: string): string {
    let alias = this.computedNames.get(name);
    if (!alias) {
      alias = `c${this.computedNames.size}`;
      this.computedNames.set(name, alias);
    }
    return `ct.${alias}`;
  }

  /** A column of `sel` computed from profile_id alone (deduplicated by `key`); returns `sel.<alias>`. */
  selColumn(key: string, build: () => string): string {
    let alias = this.selByKey.get(key);
    if (!alias) {
      alias = `sc${this.selColumns.size}`;
      this.selColumns.set(alias, build());
      this.selByKey.set(key, alias);
    }
    return `sel.${alias}`;
  }

  /**
   * Adds a side CTE (deduplicated by `key`); `build` gets the CTE's name. Returns the name. A helper CTE that only
   * other CTEs read (`joined` false) is not joined to the population.
   */
  side(key: string, columns: string[], build: (name: string) => string, joined = true): string {
    const existing = this.sideBySql.get(key);
    if (existing) return existing.name;
    const name = `s${this.sideCtes.length}`;
    const cte = { name, sql: build(name), columns, joined };
    this.sideCtes.push(cte);
    this.sideBySql.set(key, cte);
    return name;
  }
}
