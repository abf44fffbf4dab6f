/** The storage contract every engine adapter implements. Core modules see only this, never a database client. */
export type SqlValue = string | number | boolean | null | bigint;
export type Row = Record<string, unknown>;
export type ColumnType = "varchar" | "bigint" | "double" | "boolean" | "integer";

export interface Queryable {
  /** Runs a parameterised statement ($1, $2, … bind `params` in order) and returns plain JS rows (bigints as numbers when safe). */
  all<T extends object = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
}

export interface StoreTx extends Queryable {
  /** Bulk append (the engine's appender): columns are those of the table in declaration order. */
  append(table: string, rows: readonly (readonly SqlValue[])[]): Promise<void>;
}

export interface Store extends Queryable {
  readonly engine: "duckdb";
  readonly dataDir: string | null;
  readonly readOnly: boolean;
  /** Runs `fn` in one transaction on the single writer; commits (durably) when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` in a transaction on a connection of its own, concurrently with the writer's: for maintenance whose
   * rows no writer transaction changes at the same time (folding the membership log into its base), so a commit
   * never waits for it. It starts after the writer transactions queued before the call have committed (it sees
   * them). A write-write conflict rolls it back with an error.
   */
  sideTransaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` (which may use `transaction`) while no side transaction runs: writes that remove rows a side
   * transaction may be rewriting (erasing a person's memberships) wait for it and hold the next one back.
   */
  withoutSideTransactions<T>(fn: () => Promise<T>): Promise<T>;
  /**
   * Next values of a named monotonic sequence, allocated in bulk (event arrival order, log order). Taken inside a
   * write transaction, values commit in order (the writer is serialised): the outbox readers scan from a seq
   * cursor and rely on it.
   */
  nextSeq(name: string, count?: number): Promise<number>;
  close(): Promise<void>;
}
