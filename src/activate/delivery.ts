/** One outbox row addressed to one destination, as the worker hands it to an adapter. */
export interface Delivery {
  seq: number;
  key: string;
  destination: string;
  kind: "membership" | "action" | "alert";
  /** "" for rows about no profile (alerts). */
  profileId: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: number;
}

/** The membership payload written by the producer (streaming evaluator) for every change. */
export interface MembershipPayload {
  segment: string;
  version: number;
  profile: string;
  change: "entered" | "exited";
  at: string;
  reason: string;
}

/** The message an automation rule sends through a destination. */
export interface ActionMessage {
  id: string;
  type: "action";
  rule: { id: string; name: string };
  profile: string;
  channel: string | null;
  trigger: Record<string, unknown>;
  traits: Record<string, unknown>;
  sentAt: string;
}

export const asMembership = (p: Record<string, unknown>): MembershipPayload => p as unknown as MembershipPayload;

/**
 * A failed send. `retryable` false sends the row straight to the dead-letter queue (a 4xx the receiver will keep
 * answering); `retryAfterMs` is the receiver's own hint (Retry-After) and is a lower bound for the next attempt.
 */
export class DeliveryError extends Error {
  readonly retryable: boolean;
  readonly status: number | null;
  readonly retryAfterMs: number | null;
  constructor(message: string, opts: { retryable: boolean; status?: number | null; retryAfterMs?: number | null }) {
    super(message);
    this.name = "DeliveryError";
    this.retryable = opts.retryable;
    this.status = opts.status ?? null;
    this.retryAfterMs = opts.retryAfterMs ?? null;
  }
}

/** HTTP statuses worth retrying: timeouts, throttling and server errors. */
export const retryableStatus = (status: number): boolean => status === 408 || status === 429 || status >= 500;
