export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, maxMs: 10 * 60_000 };

/**
 * Exponential backoff with "equal jitter": after the n-th failed attempt (n ≥ 1) wait
 * d/2 + U·d/2 with d = min(max, base·2^(n−1)), so retries spread out but never come sooner than half the nominal
 * delay. A receiver's Retry-After is a lower bound.
 */
export function backoffDelay(
  attempts: number,
  policy: BackoffPolicy,
  random: () => number,
  retryAfterMs: number | null = null,
): number {
  const d = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(d / 2 + random() * (d / 2));
  return Math.max(jittered, retryAfterMs ?? 0);
}
