import pg from "pg";
import { z } from "zod";
import { asMembership, type Delivery, DeliveryError } from "../../delivery.js";
import type { DestinationAdapter, DestinationFactory } from "../../destination-adapter.js";
import { parseWith } from "../../zod-error.js";

const ident = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, "a plain SQL identifier (letters, digits, _)");
const configSchema = z.strictObject({
  connectionString: z.string().min(1),
  schema: ident.default("public"),
  table: ident.default("tessera_audience_members"),
  timeoutMs: z.number().int().positive().default(10_000),
});
type PgConfig = z.infer<typeof configSchema>;

/** Connection errors and serialization failures are worth retrying; constraint or syntax errors are not. */
const retryablePg = (e: unknown): boolean => {
  const code = (e as { code?: string }).code ?? "";
  return code === "" || code.startsWith("08") || code.startsWith("40") || code.startsWith("53") || code === "57P01";
};

/**
 * Warehouse sync: one row per (segment, profile) currently in the audience, plus a log of applied idempotency keys
 * so a redelivered change (at-least-once) is applied exactly once. A batch is one Postgres transaction.
 */
class PostgresDestination implements DestinationAdapter {
  readonly kind = "postgres";
  readonly mode = "batch" as const;
  private readonly pool: pg.Pool;
  private ready = false;
  private readonly members: string;
  private readonly log: string;
  constructor(private readonly cfg: PgConfig) {
    this.pool = new pg.Pool({
      connectionString: cfg.connectionString,
      max: 2,
      connectionTimeoutMillis: cfg.timeoutMs,
      query_timeout: cfg.timeoutMs,
    });
    this.pool.on("error", () => undefined);
    this.members = `"${cfg.schema}"."${cfg.table}"`;
    this.log = `"${cfg.schema}"."${cfg.table}_applied"`;
  }

  private async ensureTables(client: pg.PoolClient): Promise<void> {
    if (this.ready) return;
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${this.cfg.schema}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${this.members} (
      segment_id text NOT NULL, profile_id text NOT NULL, segment_version integer NOT NULL,
      since timestamptz NOT NULL, reason text, PRIMARY KEY (segment_id, profile_id))`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${this.log} (
      idempotency_key text PRIMARY KEY, change text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    this.ready = true;
  }

  async send(deliveries: readonly Delivery[]): Promise<void> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (e) {
      throw new DeliveryError(`postgres: ${(e as Error).message}`, { retryable: true });
    }
    try {
      await this.ensureTables(client);
      await client.query("BEGIN");
      for (const d of deliveries) {
        if (d.kind !== "membership") continue;
        const m = asMembership(d.payload);
        const fresh = await client.query(
          `INSERT INTO ${this.log} (idempotency_key, change) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [d.key, m.change],
        );
        if (fresh.rowCount === 0) continue;
        if (m.change === "entered") {
          await client.query(
            `INSERT INTO ${this.members} (segment_id, profile_id, segment_version, since, reason)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (segment_id, profile_id)
             DO UPDATE SET segment_version = EXCLUDED.segment_version, since = EXCLUDED.since, reason = EXCLUDED.reason`,
            [m.segment, m.profile, m.version, m.at, m.reason],
          );
        } else {
          await client.query(`DELETE FROM ${this.members} WHERE segment_id = $1 AND profile_id = $2`, [
            m.segment,
            m.profile,
          ]);
        }
      }
      await client.query("COMMIT");
    } catch (e) {
      await client.query("ROLLBACK").catch(() => undefined);
      if (e instanceof DeliveryError) throw e;
      throw new DeliveryError(`postgres: ${(e as Error).message}`, { retryable: retryablePg(e) });
    } finally {
      client.release();
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

export const postgresFactory: DestinationFactory = {
  kind: "postgres",
  validate: (config) => parseWith(configSchema, config, "bad_destination_config", ["config"]),
  redact: (config) => ({
    ...config,
    connectionString: String(config["connectionString"] ?? "").replace(/:\/\/([^:@/]+):[^@/]*@/, "://$1:***@"),
  }),
  create: (spec) => new PostgresDestination(configSchema.parse(spec.config)),
};
