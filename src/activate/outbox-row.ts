import type { SqlValue } from "../store/index.js";
import { STAR } from "./destination-record.js";

/** An outbox row as read from the store (DESIGN: table outbox, src/store/tables.ts). */
export interface OutboxRow {
  seq: number;
  idempotency_key: string;
  destination: string;
  kind: string;
  profile_id: string | null;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: number | null;
  last_error: string | null;
  created_at: number;
  delivered_at: number | null;
}

/**
 * Row statuses. pending → delivered | dead | held_out | suppressed | skipped; "*" rows: pending → dispatched, read
 * from the fan-out cursor (OUTBOX_WITH_STATUS) rather than stored.
 */
export const STATUSES = ["pending", "dispatched", "delivered", "dead", "held_out", "suppressed", "skipped"] as const;
export type OutboxStatus = (typeof STATUSES)[number];

export interface NewOutboxRow {
  key: string;
  destination: string;
  kind: "membership" | "action" | "alert";
  profileId: string | null;
  payload: Record<string, unknown>;
  status: "pending" | "held_out";
  nextAttemptAt: number;
  createdAt: number;
  lastError?: string;
}

/** Values for the outbox appender, in table column order. */
export const outboxValues = (seq: number, r: NewOutboxRow): SqlValue[] => [
  seq,
  r.key,
  r.destination,
  r.kind,
  r.profileId,
  JSON.stringify(r.payload),
  r.status,
  0,
  r.nextAttemptAt,
  r.lastError ?? null,
  r.createdAt,
  null,
];

/** An `IN` list of keys bound as one JSON parameter ($n): a hash semi-join however long the list is. */
export const KEY_LIST = (n: number): string => `(SELECT unnest(from_json($${n}, '["VARCHAR"]')))`;

/** Producer ("*") rows up to this outbox seq (an activation cursor) are dispatched. */
export const FANOUT_CURSOR = "outbox.fanout";

/**
 * The outbox as readers see it: a producer ("*") row is "dispatched" once the fan-out cursor (activation cursor
 * "outbox.fanout") passed it, else "pending" — its stored status is never rewritten on the hot path.
 */
export const OUTBOX_WITH_STATUS = `(SELECT * REPLACE (
    CASE WHEN destination = '${STAR}' THEN
      CASE WHEN seq <= coalesce((SELECT max(value) FROM activation_cursors WHERE name = '${FANOUT_CURSOR}'), -1)
        OR status = 'dispatched' THEN 'dispatched' ELSE 'pending' END
    ELSE status END AS status) FROM outbox)`;
