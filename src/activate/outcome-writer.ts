import type { StoreTx } from "../store/index.js";
import { asMembership, type Delivery } from "./delivery.js";

/** The result of one delivery attempt (or of the send-time gate), waiting to be committed. */
export interface Outcome {
  d: Delivery;
  /** Destination record id whose audience state changes on success; null for rule lanes. */
  syncDestination: string | null;
  /** Rule id for rule lanes (decisions are logged). */
  rule: string | null;
  status: "delivered" | "pending" | "dead" | "held_out" | "suppressed" | "skipped";
  /** Whether an attempt was made (counts toward attempts and is recorded in delivery_attempts). */
  attempted: boolean;
  nextAttemptAt: number | null;
  error: string | null;
  httpStatus: number | null;
  startedAt: number;
  durationMs: number;
  finishedAt: number;
  channel: string | null;
  /** rule_log outcome: sent, held_out, suppressed, capped, stale, rule_disabled, failed; null = nothing to log. */
  logOutcome: string | null;
}

const J = (schema: Record<string, string>): string => `'[${JSON.stringify(schema).replaceAll("'", "''")}]'`;
const rowsOf = (param: number, schema: Record<string, string>): string =>
  `(SELECT unnest(from_json($${param}, ${J(schema)}), recursive := true))`;

/**
 * Commits a batch of outcomes in one transaction with a fixed number of statements, whatever the batch size:
 * outbox status, attempt records, the destinations' acknowledged audiences (sync_state) and the rule log.
 */
export async function writeOutcomes(tx: StoreTx, outcomes: readonly Outcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const updates = outcomes.map((o) => ({
    seq: o.d.seq,
    status: o.status,
    inc: o.attempted ? 1 : 0,
    next_at: o.nextAttemptAt,
    err: o.error,
    delivered_at: o.status === "delivered" ? o.finishedAt : null,
  }));
  await tx.run(
    `UPDATE outbox SET status = u.status, attempts = outbox.attempts + u.inc,
       next_attempt_at = coalesce(u.next_at, outbox.next_attempt_at), last_error = u.err, delivered_at = u.delivered_at
     FROM ${rowsOf(1, { seq: "BIGINT", status: "VARCHAR", inc: "INTEGER", next_at: "BIGINT", err: "VARCHAR", delivered_at: "BIGINT" })} AS u
     WHERE outbox.seq = u.seq`,
    [JSON.stringify(updates)],
  );

  const attempts = outcomes
    .filter((o) => o.attempted)
    .map((o) => ({
      outbox_seq: o.d.seq,
      destination: o.d.destination,
      attempt: o.d.attempts + 1,
      started_at: o.startedAt,
      duration_ms: o.durationMs,
      ok: o.status === "delivered",
      status: o.httpStatus,
      error: o.error,
    }));
  if (attempts.length > 0) {
    await tx.run(
      `INSERT INTO delivery_attempts SELECT outbox_seq, destination, attempt, started_at, duration_ms, ok, status, error FROM ${rowsOf(
        1,
        {
          outbox_seq: "BIGINT",
          destination: "VARCHAR",
          attempt: "INTEGER",
          started_at: "BIGINT",
          duration_ms: "DOUBLE",
          ok: "BOOLEAN",
          status: "INTEGER",
          error: "VARCHAR",
        },
      )}`,
      [JSON.stringify(attempts)],
    );
  }

  // Net effect per (destination, segment, profile), in outbox order: the last delivered change wins.
  const net = new Map<
    string,
    { destination_id: string; segment_id: string; profile_id: string; version: number; since: number; entered: boolean }
  >();
  for (const o of [...outcomes].sort((a, b) => a.d.seq - b.d.seq)) {
    if (o.status !== "delivered" || o.syncDestination === null || o.d.kind !== "membership") continue;
    const m = asMembership(o.d.payload);
    const since = Date.parse(m.at);
    net.set(`${o.syncDestination}\u0000${m.segment}\u0000${o.d.profileId}`, {
      destination_id: o.syncDestination,
      segment_id: m.segment,
      profile_id: o.d.profileId,
      version: m.version,
      since: Number.isFinite(since) ? since : o.finishedAt,
      entered: m.change === "entered",
    });
  }
  const syncSchema = {
    destination_id: "VARCHAR",
    segment_id: "VARCHAR",
    profile_id: "VARCHAR",
    version: "INTEGER",
    since: "BIGINT",
  };
  const gone = [...net.values()].filter((s) => !s.entered);
  const held = [...net.values()].filter((s) => s.entered);
  if (gone.length > 0) {
    await tx.run(
      `DELETE FROM sync_state USING ${rowsOf(1, syncSchema)} AS g
       WHERE sync_state.destination_id = g.destination_id AND sync_state.segment_id = g.segment_id
         AND sync_state.profile_id = g.profile_id`,
      [JSON.stringify(gone)],
    );
  }
  if (held.length > 0) {
    await tx.run(
      `INSERT INTO sync_state SELECT destination_id, segment_id, profile_id, version, since FROM ${rowsOf(1, syncSchema)}
       ON CONFLICT (destination_id, segment_id, profile_id) DO UPDATE SET version = EXCLUDED.version, since = EXCLUDED.since`,
      [JSON.stringify(held)],
    );
  }

  const logs = outcomes
    .filter((o) => o.rule !== null && o.logOutcome !== null)
    .map((o) => ({
      rule_id: o.rule,
      profile_id: o.d.profileId,
      outbox_key: o.d.key,
      outcome: o.logOutcome,
      channel: o.channel,
      logged_at: o.finishedAt,
      detail: o.error,
    }));
  if (logs.length > 0) {
    await tx.run(
      `INSERT INTO rule_log SELECT rule_id, profile_id, outbox_key, outcome, channel, logged_at, detail FROM ${rowsOf(
        1,
        {
          rule_id: "VARCHAR",
          profile_id: "VARCHAR",
          outbox_key: "VARCHAR",
          outcome: "VARCHAR",
          channel: "VARCHAR",
          logged_at: "BIGINT",
          detail: "VARCHAR",
        },
      )}`,
      [JSON.stringify(logs)],
    );
  }
}
