import { mkdirSync, renameSync } from "node:fs";
import { join, resolve } from "node:path";
import { z } from "zod";
import type { Store } from "../../../store/index.js";
import { type Delivery, DeliveryError } from "../../delivery.js";
import type { DestinationAdapter, DestinationFactory } from "../../destination-adapter.js";
import { parseWith } from "../../zod-error.js";

export const FILE_FORMATS = ["csv", "ndjson", "parquet"] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

const configSchema = z.strictObject({
  dir: z.string().min(1),
  format: z.enum(FILE_FORMATS).default("csv"),
  /** How often the worker runs an export round (deltas since the last round + a full snapshot). */
  everyMs: z.number().int().min(10).default(60_000),
  snapshot: z.boolean().default(true),
});
type FileConfig = z.infer<typeof configSchema>;

const COPY_OPTIONS: Record<FileFormat, string> = {
  csv: "(FORMAT csv, HEADER true)",
  ndjson: "(FORMAT json)",
  parquet: "(FORMAT parquet)",
};
const EXT: Record<FileFormat, string> = { csv: "csv", ndjson: "ndjson", parquet: "parquet" };

// COPY targets cannot be bound parameters: the path is a quoted SQL literal built from our own validated config.
const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

const stamp = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");

/**
 * Writes each round's deltas (enter/exit rows in outbox order) and a full snapshot of what the destination holds,
 * with DuckDB COPY (CSV, NDJSON or Parquet). Files appear atomically: written under a temporary name, then renamed.
 * A delta file is named by the first and last outbox seq it holds, so a round redone after a crash rewrites the
 * same file instead of adding a second one.
 */
class FileExportDestination implements DestinationAdapter {
  readonly kind = "file";
  readonly mode = "batch" as const;
  readonly everyMs: number;
  private readonly dir: string;
  constructor(
    private readonly id: string,
    private readonly cfg: FileConfig,
    private readonly store: Store,
    private readonly now: () => number,
  ) {
    this.everyMs = cfg.everyMs;
    this.dir = resolve(cfg.dir);
  }

  private async copy(select: string, params: (string | number)[], name: string): Promise<void> {
    mkdirSync(this.dir, { recursive: true });
    const final = join(this.dir, `${name}.${EXT[this.cfg.format]}`);
    const tmp = `${final}.tmp`;
    try {
      await this.store.all(`COPY (${select}) TO ${sqlString(tmp)} ${COPY_OPTIONS[this.cfg.format]}`, params);
      renameSync(tmp, final);
    } catch (e) {
      throw new DeliveryError(`export to ${final}: ${(e as Error).message}`, { retryable: true });
    }
  }

  async send(deliveries: readonly Delivery[]): Promise<void> {
    if (deliveries.length === 0) return;
    const first = deliveries[0]!.seq;
    const last = deliveries[deliveries.length - 1]!.seq;
    await this.copy(
      `SELECT seq, idempotency_key, kind, profile_id,
              json_extract_string(payload, '$.segment') AS segment_id,
              CAST(json_extract(payload, '$.version') AS INTEGER) AS segment_version,
              json_extract_string(payload, '$.change') AS change,
              json_extract_string(payload, '$.at') AS changed_at,
              json_extract_string(payload, '$.reason') AS reason,
              payload
       FROM outbox WHERE destination = $1 AND seq BETWEEN $2 AND $3
         AND seq IN (SELECT unnest(from_json($4, '["BIGINT"]')))
       ORDER BY seq`,
      [this.id, first, last, JSON.stringify(deliveries.map((d) => d.seq))],
      `deltas-${String(first).padStart(12, "0")}-${String(last).padStart(12, "0")}`,
    );
  }

  async afterRound(): Promise<void> {
    if (!this.cfg.snapshot) return;
    await this.copy(
      `SELECT segment_id, profile_id, version AS segment_version,
              strftime(make_timestamp(since * 1000), '%Y-%m-%dT%H:%M:%S.%gZ') AS since
       FROM sync_state WHERE destination_id = $1 ORDER BY segment_id, profile_id`,
      [this.id],
      `snapshot-${stamp(this.now())}`,
    );
  }
}

export const fileExportFactory: DestinationFactory = {
  kind: "file",
  validate: (config) => parseWith(configSchema, config, "bad_destination_config", ["config"]),
  redact: (config) => config,
  create: (spec, ctx) => new FileExportDestination(spec.id, configSchema.parse(spec.config), ctx.store, ctx.now),
};
