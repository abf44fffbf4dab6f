import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.js";
import { TokenBucket } from "./rate-limiter.js";

describe("exponential backoff with equal jitter", () => {
  it("doubles from the base and caps at the maximum", () => {
    const p = { baseMs: 1000, maxMs: 60_000 };
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, p, () => 1))).toEqual([
      1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000,
    ]);
    expect(backoffDelay(3, p, () => 0)).toBe(2000);
  });

  it("property: d/2 ≤ delay ≤ d with d = min(max, base·2^(n−1)); Retry-After is a lower bound", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        fc.option(fc.integer({ min: 0, max: 10_000_000 }), { nil: null }),
        (n, u, ra) => {
          const p = { baseMs: 500, maxMs: 300_000 };
          const d = Math.min(p.maxMs, p.baseMs * 2 ** (n - 1));
          const got = backoffDelay(n, p, () => u, ra);
          expect(got).toBeGreaterThanOrEqual(Math.max(Math.floor(d / 2), ra ?? 0));
          expect(got).toBeLessThanOrEqual(Math.max(d, ra ?? 0));
        },
      ),
    );
  });
});

describe("token bucket", () => {
  it("grants a burst of max(1, rate) then refills at rate per second", () => {
    const b = new TokenBucket(5, 0);
    expect(b.take(10, 0)).toBe(5);
    expect(b.take(1, 100)).toBe(0);
    expect(b.take(10, 400)).toBe(2);
    expect(b.take(10, 10_000)).toBe(5);
    const slow = new TokenBucket(0.5, 0);
    expect(slow.take(3, 0)).toBe(1);
    expect(slow.take(1, 1999)).toBe(0);
    expect(slow.take(1, 2000)).toBe(1);
  });
});
