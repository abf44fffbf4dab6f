/** Token bucket per destination: `rate` tokens per second, burst max(1, rate); time from the worker's clock. */
export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly burst: number;
  constructor(
    private readonly rate: number,
    now: number,
  ) {
    this.burst = Math.max(1, rate);
    this.tokens = this.burst;
    this.last = now;
  }

  /** Takes up to `want` whole tokens; returns how many were granted. */
  take(want: number, now: number): number {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
      this.last = now;
    }
    const n = Math.min(want, Math.floor(this.tokens));
    this.tokens -= n;
    return n;
  }

  /** Milliseconds until one token is available. */
  waitMs(): number {
    return this.tokens >= 1 ? 0 : Math.ceil(((1 - this.tokens) / this.rate) * 1000);
  }
}
