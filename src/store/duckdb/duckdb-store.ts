import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { TesseraError } from "../../model/index.js";
import { MIGRATIONS } from "../migrations.js";
import type { ColumnType, Row, SqlValue, Store, StoreTx } from "../store.js";
import { TABLES, type TableName } from "../tables.js";

export interface OpenOptions {
  /** Data directory; null = in-memory (tests, one-shot analytics). */
  dataDir: string | null;
  readOnly?: boolean;
  /** DuckDB worker threads; defaults to DuckDB's own choice. */
  threads?: number;
}

export const DB_FILE = "tessera.duckdb";
const SEQ_TABLES = ["events", "membership_log", "outbox"] as const;
export type SeqName = (typeof SEQ_TABLES)[number];

/**
 * Positions readers keep in each seq (the event-rule cursor, the fan-out cursor, the membership fold). Erasure can
 * delete the rows with the greatest seqs after a reader passed them; a seq handed out again would sort before the
 * position and never be read, so a restart continues above it (gaps are harmless).
 */
const READ_POSITIONS: Record<SeqName, readonly [table: string, sql: string]> = {
  events: ["activation_cursors", "SELECT max(value) AS m FROM activation_cursors WHERE name = 'rules.events'"],
  outbox: ["activation_cursors", "SELECT max(value) AS m FROM activation_cursors WHERE name = 'outbox.fanout'"],
  membership_log: ["membership_fold", "SELECT max(applied_seq) AS m FROM membership_fold"],
};

const toJs = (v: unknown): unknown => {
  if (typeof v === "bigint") {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  }
  if (Array.isArray(v)) return v.map(toJs);
  if (v !== null && typeof v === "object" && !(v instanceof Date)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = toJs(x);
    return out;
  }
  return v;
};

const bindable = (params: readonly SqlValue[]): SqlValue[] =>
  // Integral numbers bind as BIGINT so comparisons with BIGINT time columns stay exact and use zone maps.
  params.map((p) => (typeof p === "number" && Number.isSafeInteger(p) ? BigInt(p) : p));

async function allOn<T extends object>(conn: DuckDBConnection, sql: string, params: readonly SqlValue[]): Promise<T[]> {
  const reader = await conn.runAndReadAll(sql, params.length ? (bindable(params) as never) : undefined);
  return reader.getRowObjectsJS().map((r) => toJs(r) as T);
}

function appendRow(appender: DuckDBAppender, table: TableName, row: readonly SqlValue[]): void {
  const types = Object.values(TABLES[table]);
  if (row.length !== types.length) {
    throw new TesseraError(
      { code: "store_bad_row", message: `${table}: expected ${types.length} values, got ${row.length}` },
      500,
    );
  }
  for (let i = 0; i < types.length; i++) {
    const v = row[i];
    if (v === null || v === undefined) {
      appender.appendNull();
      continue;
    }
    switch (types[i] as ColumnType) {
      case "varchar":
        appender.appendVarchar(String(v));
        break;
      case "bigint":
        appender.appendBigInt(typeof v === "bigint" ? v : BigInt(Math.trunc(Number(v))));
        break;
      case "integer":
        appender.appendInteger(Number(v));
        break;
      case "double":
        appender.appendDouble(Number(v));
        break;
      case "boolean":
        appender.appendBoolean(Boolean(v));
        break;
      default:
        throw new Error(`unreachable column type ${String(types[i])}`);
    }
  }
  appender.endRow();
}

/** The embedded default engine: one DuckDB file in the data directory, one serialised writer, pooled readers. */
export class DuckDBStore implements Store {
  readonly engine = "duckdb" as const;
  private writeQueue: Promise<unknown> = Promise.resolve();
  private sideQueue: Promise<unknown> = Promise.resolve();
  private readonly seqs = new Map<string, number>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly side: DuckDBConnection,
    private readonly readers: DuckDBConnection[],
    readonly dataDir: string | null,
    readonly readOnly: boolean,
  ) {}

  static async open(opts: OpenOptions): Promise<DuckDBStore> {
    const readOnly = opts.readOnly ?? false;
    let path = ":memory:";
    if (opts.dataDir !== null) {
      if (!readOnly) mkdirSync(opts.dataDir, { recursive: true });
      path = join(opts.dataDir, DB_FILE);
    }
    const config: Record<string, string> = {};
    if (readOnly) config["access_mode"] = "READ_ONLY";
    if (opts.threads) config["threads"] = String(opts.threads);
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, config);
    } catch (e) {
      const msg = e instanceof Error ? e.message : String(e);
      const code = /lock/i.test(msg) ? "store_locked" : "store_open_failed";
      throw new TesseraError({ code, message: `cannot open ${path}: ${msg}` }, 503);
    }
    const writer = await instance.connect();
    const side = await instance.connect();
    const readers = [await instance.connect(), await instance.connect()];
    const store = new DuckDBStore(instance, writer, side, readers, opts.dataDir, readOnly);
    if (!readOnly) await store.migrate();
    await store.loadSeqs();
    return store;
  }

  private async migrate(): Promise<void> {
    await this.writer.run(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER, name VARCHAR, applied_at BIGINT)",
    );
    const done = new Set(
      (await allOn<{ version: number }>(this.writer, "SELECT version FROM schema_migrations", [])).map(
        (r) => r.version,
      ),
    );
    for (const m of MIGRATIONS) {
      if (done.has(m.version)) continue;
      await this.writer.run("BEGIN TRANSACTION");
      try {
        for (const s of m.statements) await this.writer.run(s);
        await this.writer.run("INSERT INTO schema_migrations VALUES ($1, $2, $3)", [
          m.version,
          m.name,
          BigInt(Date.now()),
        ]);
        await this.writer.run("COMMIT");
      } catch (e) {
        await this.writer.run("ROLLBACK");
        throw e;
      }
    }
  }

  private async loadSeqs(): Promise<void> {
    for (const t of SEQ_TABLES) {
      if (!(await this.hasTable(t))) continue;
      const r = await allOn<{ m: number | null }>(this.writer, `SELECT max(seq) AS m FROM ${t}`, []);
      let top = Number(r[0]?.m ?? 0);
      const [table, sql] = READ_POSITIONS[t];
      if (await this.hasTable(table)) {
        const p = await allOn<{ m: number | null }>(this.writer, sql, []);
        top = Math.max(top, Number(p[0]?.m ?? 0));
      }
      this.seqs.set(t, top);
    }
  }

  private async hasTable(name: string): Promise<boolean> {
    const r = await allOn(this.writer, "SELECT 1 FROM information_schema.tables WHERE table_name = $1", [name]);
    return r.length > 0;
  }

  async nextSeq(name: string, count = 1): Promise<number> {
    const cur = this.seqs.get(name) ?? 0;
    this.seqs.set(name, cur + count);
    return cur + 1;
  }

  private enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.writeQueue.then(fn, fn);
    this.writeQueue = p.catch(() => undefined);
    return p;
  }

  private readerIdx = 0;
  all<T extends object = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const conn = this.readers[this.readerIdx++ % this.readers.length]!;
    return allOn<T>(conn, sql, params);
  }

  run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    return this.enqueue(async () => {
      await this.writer.run(sql, params.length ? (bindable(params) as never) : undefined);
    });
  }

  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    return this.transactionOn(this.writer, (job) => this.enqueue(job), fn);
  }

  sideTransaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    // Starts once the writer transactions queued before the call have committed, so it sees them (a fold scheduled
    // from inside a commit folds that commit too). No writer transaction waits for a side one: no cycle.
    const before = this.writeQueue;
    return this.transactionOn(this.side, (job) => this.enqueueSide(() => before.then(job, job)), fn);
  }

  withoutSideTransactions<T>(fn: () => Promise<T>): Promise<T> {
    return this.enqueueSide(fn);
  }

  private enqueueSide<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.sideQueue.then(fn, fn);
    this.sideQueue = p.catch(() => undefined);
    return p;
  }

  private transactionOn<T>(
    w: DuckDBConnection,
    queue: (job: () => Promise<T>) => Promise<T>,
    fn: (tx: StoreTx) => Promise<T>,
  ): Promise<T> {
    if (this.readOnly) {
      return Promise.reject(
        new TesseraError(
          { code: "store_read_only", message: "the data directory is open read-only (a server holds it)" },
          409,
        ),
      );
    }
    return queue(async () => {
      const tx: StoreTx = {
        all: (sql, params = []) => allOn(w, sql, params),
        run: async (sql, params = []) => {
          await w.run(sql, params.length ? (bindable(params) as never) : undefined);
        },
        append: async (table, rows) => {
          if (rows.length === 0) return;
          const appender = await w.createAppender(table);
          try {
            for (const row of rows) appendRow(appender, table as TableName, row);
            appender.flushSync();
          } finally {
            appender.closeSync();
          }
        },
      };
      await w.run("BEGIN TRANSACTION");
      try {
        const out = await fn(tx);
        await w.run("COMMIT");
        return out;
      } catch (e) {
        await w.run("ROLLBACK").catch(() => undefined);
        throw e;
      }
    });
  }

  async close(): Promise<void> {
    await this.writeQueue;
    await this.sideQueue;
    if (!this.readOnly && this.dataDir !== null) await this.writer.run("CHECKPOINT").catch(() => undefined);
    for (const c of [this.writer, this.side, ...this.readers]) c.closeSync();
    this.instance.closeSync();
  }
}
