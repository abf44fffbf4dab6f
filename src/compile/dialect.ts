import type { ConditionKind, TraitOp } from "../model/index.js";
import { TesseraError } from "../model/index.js";

/** What an engine can compile; a node or operator outside it fails with UnsupportedNodeError, never silently. */
export interface DialectCapabilities {
  kinds: ReadonlySet<ConditionKind>;
  traitOps: ReadonlySet<TraitOp>;
}

/**
 * Per-engine hooks for the shared compiler (the kysely pattern): the compiler builds every query from these, so a
 * new engine overrides the few that differ (placeholders, JSON access, filtered aggregates, the bucket hash) instead
 * of copying the compiler. Every hook returns SQL text; values never appear in it, only placeholders.
 */
export interface Dialect {
  readonly name: string;
  readonly capabilities: DialectCapabilities;
  /** Placeholder for the 1-based parameter index. */
  placeholder(index: number): string;
  /** The path argument for jsonExtract, as a parameter value (e.g. `$."address"."city"`). */
  jsonPath(path: readonly string[]): string;
  /** JSON text at `path` (a placeholder) inside JSON text `json`; NULL when absent. */
  jsonExtract(json: string, path: string): string;
  /** The JSON value's type name: one of number, string, boolean, null, array, object; NULL when the input is NULL. */
  jsonKind(json: string): string;
  jsonToDouble(json: string): string;
  jsonToString(json: string): string;
  jsonToBool(json: string): string;
  /** Array of the JSON texts of a JSON array's elements. */
  jsonArrayElements(json: string): string;
  listContains(list: string, item: string): string;
  /** JSON text of a string value (for comparing with array elements). */
  toJsonText(str: string): string;
  /** Epoch milliseconds of an ISO 8601 text; NULL when it is not one. */
  isoToEpochMs(str: string): string;
  strContains(s: string, sub: string): string;
  strStartsWith(s: string, prefix: string): string;
  strEndsWith(s: string, suffix: string): string;
  regexMatches(s: string, pattern: string): string;
  /** `fn(expr)` over the rows where `cond` holds (SQL standard FILTER in DuckDB, `fnIf` in ClickHouse). */
  filteredAgg(fn: "count" | "sum" | "avg" | "min" | "max" | "countDistinct", expr: string, cond: string): string;
  /** The value of `value` on the row with the greatest (ts, seq) among the rows where `cond` holds. */
  filteredArgMax(value: string, ts: string, seq: string, cond: string): string;
  /** One orderable value per row that sorts like (ts, seq): the ASOF join key of sequences. */
  orderKey(ts: string, seq: string): string;
  /**
   * bucketOf(salt, id) from src/model as SQL: FNV-1a 32 continued from `state` (the hash state after the bytes of
   * `${salt}:`, computed by the compiler) over the UTF-8 bytes of id, mod 10000, / 100.
   */
  bucketOf(state: string, id: string): string;
  /** Text of a distinct-key for a JSON scalar: numbers by value, strings by content, booleans. */
  distinctKey(json: string): string;
}

export class UnsupportedNodeError extends TesseraError {
  constructor(engine: string, node: string, path: ReadonlyArray<string | number>) {
    super({
      code: "unsupported_node",
      path,
      message: `the ${engine} engine cannot compile ${node}`,
      details: { engine, node },
    });
  }
}
