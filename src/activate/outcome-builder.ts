import { type BackoffPolicy, backoffDelay } from "./backoff.js";
import { type Delivery, DeliveryError } from "./delivery.js";
import type { Lane } from "./delivery-lane.js";
import { RULE_PREFIX } from "./destination-record.js";
import type { Outcome } from "./outcome-writer.js";
import type { GateDecision } from "./send-gate.js";

/** A successful send unless `rest` says otherwise. */
export function outcomeOf(lane: Lane, d: Delivery, startedAt: number, now: number, rest: Partial<Outcome>): Outcome {
  return {
    d,
    syncDestination: lane.dest?.id ?? null,
    rule: lane.rule?.id ?? (lane.id.startsWith(RULE_PREFIX) ? lane.id.slice(RULE_PREFIX.length) : null),
    status: "delivered",
    attempted: true,
    nextAttemptAt: null,
    error: null,
    httpStatus: null,
    startedAt,
    durationMs: 0,
    finishedAt: now,
    channel: null,
    logOutcome: null,
    ...rest,
  };
}

/** A gate decision that sends nothing: a close (skipped, suppressed, held out) or a wait (quiet hours, no attempt). */
export function gateOutcome(
  lane: Lane,
  d: Delivery,
  g: Exclude<GateDecision, { kind: "send" }>,
  t: number,
  now: number,
): Outcome {
  if (g.kind === "wait") {
    return outcomeOf(lane, d, t, now, { status: "pending", attempted: false, nextAttemptAt: g.until, error: g.detail });
  }
  return outcomeOf(lane, d, t, now, {
    status: g.status,
    attempted: false,
    error: g.detail,
    channel: g.channel ?? null,
    logOutcome: g.outcome,
  });
}

/** A failed attempt: back off and retry, or dead-letter when not retryable or out of attempts. */
export function failureOutcome(
  lane: Lane,
  d: Delivery,
  e: unknown,
  o: {
    startedAt: number;
    t0: number;
    channel: string | null;
    now: number;
    backoff: BackoffPolicy;
    random: () => number;
  },
): Outcome {
  const err =
    e instanceof DeliveryError ? e : new DeliveryError((e as Error).message ?? String(e), { retryable: true });
  const attempts = d.attempts + 1;
  const dead = !err.retryable || attempts >= lane.maxAttempts;
  const next = dead ? null : o.now + backoffDelay(attempts, o.backoff, o.random, err.retryAfterMs);
  return outcomeOf(lane, d, o.startedAt, o.now, {
    status: dead ? "dead" : "pending",
    nextAttemptAt: next,
    error: err.message,
    httpStatus: err.status,
    durationMs: performance.now() - o.t0,
    channel: o.channel,
    logOutcome: dead && lane.rule ? "failed" : null,
  });
}
