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
}

/** A CTE keyed by profile_id that exposes boolean or value columns; LEFT-joined into the base relation. */
export interface SideCte {
  name: string;
  sql: string;
  columns: string[];
}

/**
 * Shared state while compiling many segments into one query: every event aggregate lands in one GROUP BY pass over
 * events, every trait in one pass over trait_values, so N segments cost one scan each, not N.
 */
export class CompileContext {
  readonly eventAggs = new Map<string, string>(); // sql → alias
  readonly eventNames = new Set<string>();
  readonly traitKeys = new Map<string, string>(); // top-level key → alias
  readonly computedNames = new Map<string, string>(); // computed trait name → alias
  readonly sideCtes: SideCte[] = [];
  private readonly sideBySql = new Map<string, SideCte>();
  readonly segmentExprs = new Map<string, NodeResult>();
  readonly stack: string[] = [];
  /** Appended to scans of events/trait_values when evaluation is restricted to some profiles (explain, reasons). */
  readonly selFilter: string;

  constructor(
    readonly dialect: Dialect,
    readonly params: ParamList,
    readonly asOf: number,
    readonly segments: ReadonlyMap<string, SegmentRecord>,
    restricted: boolean,
  ) {
    this.selFilter = restricted ? " AND profile_id IN (SELECT profile_id FROM sel)" : "";
  }

  p(value: ParamValue): string {
    return this.params.add(value);
  }

  get t(): string {
    return this.p(this.asOf);
  }

  /** Registers an aggregate over events (grouped by profile) and returns its column name in the base relation. */
  eventAgg(sql: string): string {
    let alias = this.eventAggs.get(sql);
    if (!alias) {
      alias = `e${this.eventAggs.size}`;
      this.eventAggs.set(sql, alias);
    }
    return `ev.${alias}`;
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

  /** Adds a side CTE (deduplicated by its SQL); `build` gets the CTE's name. Returns the name. */
  side(key: string, columns: string[], build: (name: string) => string): string {
    const existing = this.sideBySql.get(key);
    if (existing) return existing.name;
    const name = `s${this.sideCtes.length}`;
    const cte = { name, sql: build(name), columns };
    this.sideCtes.push(cte);
    this.sideBySql.set(key, cte);
    return name;
  }
}
