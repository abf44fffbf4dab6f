import type { Delivery } from "./delivery.js";
import type { DestinationAdapter } from "./destination-adapter.js";
import type { DestinationRecord } from "./destination-record.js";
import type { OutboxRow } from "./outbox-row.js";
import type { TokenBucket } from "./rate-limiter.js";
import type { Rule } from "./rule-record.js";

/** The worker's state for one outbox destination (a destination id, or rule:<id>). */
export interface Lane {
  id: string;
  dest: DestinationRecord | null;
  rule: Rule | null;
  adapter: DestinationAdapter | null;
  bucket: TokenBucket | null;
  concurrency: number;
  maxAttempts: number;
  /** Profiles with a row claimed (queued, in flight or awaiting commit): their next row waits (per-profile order). */
  profiles: Set<string>;
  /** Claimed and gated rows waiting for a send slot; refilled by ticks, drained as sends complete. */
  queue: Delivery[];
  inflight: number;
  pumpTimer: NodeJS.Timeout | null;
  batchBusy: boolean;
  lastRoundAt: number;
  version: number;
}

export const toDelivery = (r: OutboxRow): Delivery => ({
  seq: r.seq,
  key: r.idempotency_key,
  destination: r.destination,
  kind: r.kind === "action" || r.kind === "alert" ? r.kind : "membership",
  profileId: r.profile_id ?? "",
  payload: JSON.parse(r.payload) as Record<string, unknown>,
  attempts: r.attempts,
  createdAt: r.created_at,
});
