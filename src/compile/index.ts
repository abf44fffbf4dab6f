/** The segment compiler: AST → { sql, params } through a small Dialect interface; runs nothing itself. */
export type { Evidence, NodeResult } from "./compile-context.js";
export { compileComputedTrait } from "./computed-trait-query.js";
export type { Dialect, DialectCapabilities } from "./dialect.js";
export { UnsupportedNodeError } from "./dialect.js";
export { duckdbDialect } from "./dialects/duckdb/duckdb-dialect.js";
export { pathText } from "./event-filters.js";
export {
  type CompiledMembership,
  compileMembership,
  type MembershipOptions,
  type MembershipTarget,
} from "./membership-query.js";
export type { ParamValue } from "./param-list.js";
export { EARTH_RADIUS_KM } from "./value-test.js";
