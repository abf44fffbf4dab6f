import type { ColumnType } from "./store.js";

/**
 * Table layouts. Times are epoch milliseconds (BIGINT) everywhere: exact window arithmetic, no time-zone surprises,
 * and the same numbers the streaming evaluator uses. JSON payloads are VARCHAR holding JSON text.
 */
export const TABLES = {
  events: {
    seq: "bigint", // arrival order (ties in event time are broken by it)
    message_id: "varchar",
    source: "varchar",
    type: "varchar",
    event: "varchar", // track: event name; page: "Page Viewed"; screen: "Screen Viewed"; others null
    name: "varchar",
    profile_id: "varchar",
    user_id: "varchar",
    anonymous_id: "varchar",
    ts: "bigint", // event time, skew-corrected
    received_at: "bigint",
    properties: "varchar",
    context: "varchar",
    traits: "varchar",
    extra: "varchar", // every other field of the message, kept verbatim
  },
  profiles: { profile_id: "varchar", created_at: "bigint" },
  identities: { id_key: "varchar", profile_id: "varchar", created_at: "bigint" },
  merges: { from_profile: "varchar", into_profile: "varchar", merged_at: "bigint", message_id: "varchar" },
  trait_values: {
    profile_id: "varchar",
    key: "varchar",
    value: "varchar",
    ts: "bigint",
    seq: "bigint",
    kind: "varchar",
  },
  definitions: {
    kind: "varchar",
    id: "varchar",
    version: "integer",
    name: "varchar",
    body: "varchar",
    created_at: "bigint",
    deleted: "boolean",
  },
  computed_traits: {
    profile_id: "varchar",
    name: "varchar",
    value: "varchar",
    version: "integer",
    computed_at: "bigint",
  },
  // Live memberships are the view "memberships" = this base ⊕ the membership_log rows after membership_fold's seq
  // (src/store/membership-fold.ts): the live write path appends to the log only.
  membership_base: {
    segment_id: "varchar",
    profile_id: "varchar",
    version: "integer",
    since: "bigint",
    reason: "varchar",
  },
  membership_log: {
    seq: "bigint",
    segment_id: "varchar",
    version: "integer",
    profile_id: "varchar",
    change: "varchar",
    changed_at: "bigint",
    reason: "varchar",
    cause: "varchar",
  },
  outbox: {
    seq: "bigint",
    idempotency_key: "varchar",
    destination: "varchar",
    kind: "varchar",
    profile_id: "varchar",
    payload: "varchar",
    status: "varchar",
    attempts: "integer",
    next_attempt_at: "bigint",
    last_error: "varchar",
    created_at: "bigint",
    delivered_at: "bigint",
  },
  api_keys: {
    id: "varchar",
    kind: "varchar",
    scopes: "varchar",
    hash: "varchar",
    name: "varchar",
    created_at: "bigint",
    revoked_at: "bigint",
  },
  deletions: { id_key: "varchar", deleted_at: "bigint", reason: "varchar" },
  snapshots: { name: "varchar", taken_at: "bigint", data: "varchar" },
  membership_fold: { applied_seq: "bigint" },
  sequences: { name: "varchar", value: "bigint" },
} as const satisfies Record<string, Record<string, ColumnType>>;

export type TableName = keyof typeof TABLES;

export const SQL_TYPE: Record<ColumnType, string> = {
  varchar: "VARCHAR",
  bigint: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  integer: "INTEGER",
};
