import { SQL_TYPE, TABLES } from "./tables.js";

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

const createTable = (name: keyof typeof TABLES): string => {
  const cols = Object.entries(TABLES[name]).map(([c, t]) => `${c} ${SQL_TYPE[t]}`);
  return `CREATE TABLE IF NOT EXISTS ${name} (${cols.join(", ")})`;
};

/** Versioned, append-only: never edit a released migration, add a new one. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: "initial tables",
    statements: [
      ...(Object.keys(TABLES) as (keyof typeof TABLES)[]).map(createTable),
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
];
