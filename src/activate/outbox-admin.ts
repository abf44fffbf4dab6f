import { TesseraError } from "../model/index.js";
import type { SqlValue, Store } from "../store/index.js";
import type { Clock } from "./clock.js";
import { rewindOutbox } from "./outbox-rewind.js";
import { OUTBOX_WITH_STATUS, type OutboxRow, STATUSES } from "./outbox-row.js";

export interface OutboxEntry {
  seq: number;
  key: string;
  destination: string;
  kind: string;
  profile: string;
  status: string;
  attempts: number;
  nextAttemptAt: string | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  /** delivered_at − created_at: from the membership change to the destination's acknowledgement. */
  latencyMs: number | null;
  payload: unknown;
}

export interface OutboxFilter {
  status?: string;
  destination?: string;
  profile?: string;
  /** Rows with seq greater than this (cursor paging). */
  after?: number;
  limit?: number;
}

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

const entryOf = (r: OutboxRow): OutboxEntry => ({
  seq: r.seq,
  key: r.idempotency_key,
  destination: r.destination,
  kind: r.kind,
  profile: r.profile_id ?? "",
  status: r.status,
  attempts: r.attempts,
  nextAttemptAt: r.status === "pending" ? iso(r.next_attempt_at) : null,
  lastError: r.last_error,
  createdAt: new Date(r.created_at).toISOString(),
  deliveredAt: iso(r.delivered_at),
  latencyMs: r.delivered_at === null ? null : r.delivered_at - r.created_at,
  payload: JSON.parse(r.payload) as unknown,
});

function where(f: OutboxFilter): { sql: string; params: SqlValue[] } {
  const parts: string[] = [];
  const params: SqlValue[] = [];
  if (f.status !== undefined) {
    if (!(STATUSES as readonly string[]).includes(f.status)) {
      throw new TesseraError({
        code: "bad_status",
        path: ["status"],
        message: `unknown status "${f.status}"; one of ${STATUSES.join(", ")}`,
      });
    }
    parts.push(`status = $${params.push(f.status)}`);
  }
  if (f.destination !== undefined) parts.push(`destination = $${params.push(f.destination)}`);
  if (f.profile !== undefined) parts.push(`profile_id = $${params.push(f.profile)}`);
  if (f.after !== undefined) parts.push(`seq > $${params.push(f.after)}`);
  return { sql: parts.length ? `WHERE ${parts.join(" AND ")}` : "", params };
}

/** The delivery log: inspect, retry the dead-letter queue, replay delivered rows (same idempotency keys). */
export class OutboxAdmin {
  constructor(
    private readonly store: Store,
    private readonly now: Clock,
  ) {}

  async list(f: OutboxFilter = {}): Promise<{ rows: OutboxEntry[]; nextCursor: number | null }> {
    const limit = Math.min(Math.max(f.limit ?? 100, 1), 10_000);
    const w = where(f);
    const rows = await this.store.all<OutboxRow>(
      `SELECT * FROM ${OUTBOX_WITH_STATUS} ${w.sql} ORDER BY seq LIMIT ${limit + 1}`,
      w.params,
    );
    const page = rows.slice(0, limit).map(entryOf);
    return { rows: page, nextCursor: rows.length > limit ? (page[page.length - 1]?.seq ?? null) : null };
  }

  async get(seq: number): Promise<OutboxEntry & { history: Record<string, unknown>[] }> {
    const rows = await this.store.all<OutboxRow>(`SELECT * FROM ${OUTBOX_WITH_STATUS} WHERE seq = $1`, [seq]);
    if (!rows[0])
      throw new TesseraError({ code: "delivery_not_found", path: ["seq"], message: `no outbox row ${seq}` }, 404);
    const history = await this.store.all<{
      attempt: number;
      started_at: number;
      duration_ms: number;
      ok: boolean;
      status: number | null;
      error: string | null;
    }>(
      "SELECT attempt, started_at, duration_ms, ok, status, error FROM delivery_attempts WHERE outbox_seq = $1 ORDER BY attempt, started_at",
      [seq],
    );
    return {
      ...entryOf(rows[0]),
      history: history.map((h) => ({
        attempt: h.attempt,
        at: new Date(h.started_at).toISOString(),
        durationMs: Math.round(h.duration_ms * 100) / 100,
        ok: h.ok,
        httpStatus: h.status,
        error: h.error,
      })),
    };
  }

  /** Per destination and status: counts, and latency percentiles of delivered rows. */
  async stats(): Promise<Record<string, unknown>[]> {
    const rows = await this.store.all<Record<string, unknown>>(
      `SELECT destination, status, count(*) AS n,
         quantile_cont(delivered_at - created_at, 0.5) AS p50_ms,
         quantile_cont(delivered_at - created_at, 0.99) AS p99_ms,
         max(attempts) AS max_attempts
       FROM ${OUTBOX_WITH_STATUS} GROUP BY destination, status ORDER BY destination, status`,
    );
    return rows;
  }

  /** Dead-letter retry: dead rows (all, one destination's, or given seqs) become pending now with a fresh budget. */
  async retry(opts: { seqs?: number[]; destination?: string }): Promise<number> {
    return this.requeue("dead", opts);
  }

  /** Replay: delivered rows are sent again, with the same idempotency keys (receivers dedupe or re-apply). */
  async replay(opts: { seqs?: number[]; destination?: string; since?: number; until?: number }): Promise<number> {
    if (!opts.seqs?.length && opts.destination === undefined) {
      throw new TesseraError({ code: "replay_needs_scope", message: "replay needs --destination or row seqs" });
    }
    return this.requeue("delivered", opts);
  }

  private async requeue(
    from: "dead" | "delivered",
    opts: { seqs?: number[]; destination?: string; since?: number; until?: number },
  ): Promise<number> {
    const parts = ["status = $1", "destination <> '*'"];
    const params: SqlValue[] = [from];
    if (opts.seqs?.length)
      parts.push(`seq IN (SELECT unnest(from_json($${params.push(JSON.stringify(opts.seqs))}, '["BIGINT"]')))`);
    if (opts.destination !== undefined) parts.push(`destination = $${params.push(opts.destination)}`);
    if (opts.since !== undefined) parts.push(`created_at >= $${params.push(opts.since)}`);
    if (opts.until !== undefined) parts.push(`created_at < $${params.push(opts.until)}`);
    const t = this.now();
    const n = await this.store.transaction(async (tx) => {
      const n = await tx.all<{ n: number }>(`SELECT count(*) AS n FROM outbox WHERE ${parts.join(" AND ")}`, params);
      await tx.run(
        `UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $${params.length + 1},
           last_error = ${from === "dead" ? "'retried: ' || coalesce(last_error, '')" : "'replayed'"}, delivered_at = NULL
         WHERE ${parts.join(" AND ")}`,
        [...params, t],
      );
      return n[0]?.n ?? 0;
    });
    if (n > 0) rewindOutbox();
    return n;
  }
}
