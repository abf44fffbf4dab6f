import { MEMBERSHIPS_VIEW } from "./membership-fold.js";
import type { ColumnType } from "./store.js";
import { SQL_TYPE, TABLES, type TableName } from "./tables.js";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const createTable = (name: string, layout: Record<string, ColumnType>): string => {
  const cols = Object.entries(layout).map(([c, t]) => `${c} ${SQL_TYPE[t]}`);
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols.join(", ")})`;
};

/** Tables added by later migrations; the live-membership base was released as the table "memberships". */
const LATER: readonly TableName[] = ["membership_base", "membership_fold"];
const initialTables = (): string[] => [
  ...(Object.keys(TABLES) as TableName[]).filter((t) => !LATER.includes(t)).map((t) => createTable(t, TABLES[t])),
  createTable("memberships", TABLES.membership_base),
];

/** Versioned, append-only: never edit a released migration, add a new one. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "initial tables",
    statements: [
      ...initialTables(),
      "CREATE UNIQUE INDEX IF NOT EXISTS identities_key ON identities(id_key)",
      "CREATE UNIQUE INDEX IF NOT EXISTS profiles_id ON profiles(profile_id)",
      "CREATE UNIQUE INDEX IF NOT EXISTS definitions_key ON definitions(kind, id, version)",
      "CREATE UNIQUE INDEX IF NOT EXISTS computed_traits_key ON computed_traits(profile_id, name)",
      "CREATE UNIQUE INDEX IF NOT EXISTS memberships_key ON memberships(segment_id, profile_id)",
      "CREATE UNIQUE INDEX IF NOT EXISTS outbox_key ON outbox(idempotency_key)",
      "CREATE UNIQUE INDEX IF NOT EXISTS api_keys_id ON api_keys(id)",
      "CREATE UNIQUE INDEX IF NOT EXISTS snapshots_name ON snapshots(name)",
      "CREATE UNIQUE INDEX IF NOT EXISTS sequences_name ON sequences(name)",
    ],
  },
  {
    // Activation (issue 6): destinations, automation rules and their log, consent, what each destination last
    // acknowledged (audience sync), per-attempt delivery records, scan cursors. Version 6 = issue number, so the
    // branches adding migrations in parallel never collide on a version.
    version: 6,
    name: "activation tables",
    statements: [
      "CREATE TABLE IF NOT EXISTS destinations (id VARCHAR, kind VARCHAR, name VARCHAR, config VARCHAR, segments VARCHAR, purpose VARCHAR, channel VARCHAR, concurrency INTEGER, rate_per_sec DOUBLE, max_attempts INTEGER, enabled BOOLEAN, created_at BIGINT, updated_at BIGINT, alerts BOOLEAN)",
      "CREATE UNIQUE INDEX IF NOT EXISTS destinations_id ON destinations(id)",
      "CREATE TABLE IF NOT EXISTS rules (id VARCHAR, name VARCHAR, body VARCHAR, enabled BOOLEAN, created_at BIGINT, updated_at BIGINT)",
      "CREATE UNIQUE INDEX IF NOT EXISTS rules_id ON rules(id)",
      "CREATE TABLE IF NOT EXISTS rule_log (rule_id VARCHAR, profile_id VARCHAR, outbox_key VARCHAR, outcome VARCHAR, channel VARCHAR, logged_at BIGINT, detail VARCHAR)",
      "CREATE TABLE IF NOT EXISTS consent (profile_id VARCHAR, channel VARCHAR, purpose VARCHAR, granted BOOLEAN, updated_at BIGINT, source VARCHAR)",
      "CREATE UNIQUE INDEX IF NOT EXISTS consent_key ON consent(profile_id, channel, purpose)",
      "CREATE TABLE IF NOT EXISTS sync_state (destination_id VARCHAR, segment_id VARCHAR, profile_id VARCHAR, version INTEGER, since BIGINT)",
      "CREATE UNIQUE INDEX IF NOT EXISTS sync_state_key ON sync_state(destination_id, segment_id, profile_id)",
      "CREATE TABLE IF NOT EXISTS delivery_attempts (outbox_seq BIGINT, destination VARCHAR, attempt INTEGER, started_at BIGINT, duration_ms DOUBLE, ok BOOLEAN, status INTEGER, error VARCHAR)",
      "CREATE TABLE IF NOT EXISTS activation_cursors (name VARCHAR, value BIGINT)",
      "CREATE UNIQUE INDEX IF NOT EXISTS activation_cursors_name ON activation_cursors(name)",
      "CREATE TABLE IF NOT EXISTS activation_trait_seen (profile_id VARCHAR, name VARCHAR, value VARCHAR)",
      "CREATE UNIQUE INDEX IF NOT EXISTS activation_trait_seen_key ON activation_trait_seen(profile_id, name)",
    ],
  },
  {
    // Streaming (issue 5): the live path appends membership changes to the log only; "memberships" becomes a view
    // of the folded base plus the log's tail, so a commit no longer rewrites a table that grows with the audiences.
    // The base already holds every logged change, so the fold starts at the log's end. The tables every commit
    // writes lose their unique indexes: DuckDB rewrites an ART index whole at every automatic checkpoint (duckdb
    // issue 24848; here ≈ 1 s at 1M keys, 2 s at 3M, against ≈ 0.2 s without), and the outbox, profiles and
    // identities only grow. Their writers keep keys unique themselves (the identity graph hands out profile ids and
    // identity keys once; the outbox writers look up only the recent rows a duplicate could be among; the fold
    // writes one base row per pair).
    version: 5,
    name: "live memberships: folded base + log tail",
    statements: [
      "DROP INDEX IF EXISTS memberships_key",
      "DROP INDEX IF EXISTS outbox_key",
      "DROP INDEX IF EXISTS profiles_id",
      "DROP INDEX IF EXISTS identities_key",
      "ALTER TABLE memberships RENAME TO membership_base",
      createTable("membership_fold", TABLES.membership_fold),
      "INSERT INTO membership_fold SELECT coalesce(max(seq), 0) FROM membership_log",
      MEMBERSHIPS_VIEW,
    ],
  },
];
