/** messageId dedup per source within a horizon (default 7 days), in memory, rebuilt from the store at start. */
export const DEFAULT_DEDUP_HORIZON_MS = 7 * 86_400_000;

export class DedupCache {
  private readonly seen = new Map<string, number>();

  constructor(readonly horizonMs = DEFAULT_DEDUP_HORIZON_MS) {}

  static key(source: string, messageId: string): string {
    return `${source}\u0000${messageId}`;
  }

  has(key: string, now: number): boolean {
    const at = this.seen.get(key);
    return at !== undefined && at > now - this.horizonMs;
  }

  add(key: string, receivedAt: number): void {
    this.seen.set(key, receivedAt);
  }

  /** Drops entries older than the horizon; Map iteration is insertion order, so stop at the first young one. */
  prune(now: number): void {
    for (const [k, at] of this.seen) {
      if (at > now - this.horizonMs) break;
      this.seen.delete(k);
    }
  }

  get size(): number {
    return this.seen.size;
  }
}
