/** Storage: the Store contract, the embedded DuckDB adapter, table layouts and versioned migrations. */
export { resolveDataDir } from "./data-dir.js";
export { DB_FILE, DuckDBStore, type OpenOptions, type SeqName } from "./duckdb/duckdb-store.js";
export { foldMemberships } from "./membership-fold.js";
export { MIGRATIONS } from "./migrations.js";
export type { ColumnType, Queryable, Row, SqlValue, Store, StoreTx } from "./store.js";
export { TABLES, type TableName } from "./tables.js";
