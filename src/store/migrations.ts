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
];
