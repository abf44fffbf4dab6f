/**
 * Column-oriented buffer of generated events: numbers in typed arrays, one JSON string per row for the payload.
 * The simulator appends in profile order; the writer later sorts by arrival and turns rows into store rows.
 */

/** (type, event) of each kind of row the demo writes; the index is the kind code. */
export const KINDS = [
  { type: "identify", event: null },
  { type: "group", event: null },
  { type: "page", event: "Page Viewed" },
  { type: "track", event: "Campaign Touch" },
  { type: "track", event: "Product Viewed" },
  { type: "track", event: "Product Added" },
  { type: "track", event: "Checkout Started" },
  { type: "track", event: "Order Completed" },
  { type: "track", event: "Experiment Viewed" },
  { type: "track", event: "Subscription Started" },
  { type: "track", event: "Subscription Cancelled" },
  { type: "track", event: "Review Submitted" },
  { type: "track", event: "NPS Answered" },
  { type: "track", event: "Message Sent" },
  { type: "track", event: "Message Opened" },
  { type: "track", event: "Message Clicked" },
] as const;

export const K = {
  identify: 0,
  group: 1,
  page: 2,
  campaignTouch: 3,
  productViewed: 4,
  productAdded: 5,
  checkoutStarted: 6,
  orderCompleted: 7,
  experimentViewed: 8,
  subscriptionStarted: 9,
  subscriptionCancelled: 10,
  reviewSubmitted: 11,
  npsAnswered: 12,
  messageSent: 13,
  messageOpened: 14,
  messageClicked: 15,
} as const;

/** Which identifiers a row carries (bit 1: userId, bit 2: anonymousId). */
export const IDS_USER = 1;
export const IDS_ANON = 2;
export const IDS_BOTH = 3;

export class EventColumns {
  length = 0;
  ts = new Float64Array(1024);
  /** received_at − ts, in ms. */
  delay = new Uint16Array(1024);
  profile = new Uint32Array(1024);
  kind = new Uint8Array(1024);
  ids = new Uint8Array(1024);
  /** Page name (page rows), properties JSON (track/page), traits JSON (identify/group), extra JSON (group). */
  name: (string | null)[] = [];
  payload: (string | null)[] = [];
  extra: (string | null)[] = [];

  push(
    ts: number,
    delay: number,
    profile: number,
    kind: number,
    ids: number,
    payload: string | null,
    name: string | null = null,
    extra: string | null = null,
  ): void {
    if (this.length === this.ts.length) this.grow();
    const i = this.length++;
    this.ts[i] = Math.floor(ts);
    this.delay[i] = delay;
    this.profile[i] = profile;
    this.kind[i] = kind;
    this.ids[i] = ids;
    this.name.push(name);
    this.payload.push(payload);
    this.extra.push(extra);
  }

  private grow(): void {
    const n = this.ts.length * 2;
    const ts = new Float64Array(n);
    ts.set(this.ts);
    this.ts = ts;
    const delay = new Uint16Array(n);
    delay.set(this.delay);
    this.delay = delay;
    const profile = new Uint32Array(n);
    profile.set(this.profile);
    this.profile = profile;
    const kind = new Uint8Array(n);
    kind.set(this.kind);
    this.kind = kind;
    const ids = new Uint8Array(n);
    ids.set(this.ids);
    this.ids = ids;
  }

  /**
   * Row indexes in arrival order: by received_at, ties by generation order. Packs (received_at − origin, index)
   * into one 64-bit key so the sort is a native typed-array sort instead of 2M comparator calls.
   */
  arrivalOrder(origin: number): Uint32Array {
    const n = this.length;
    let maxRel = 1;
    for (let i = 0; i < n; i++) {
      const rel = (this.ts[i] ?? 0) + (this.delay[i] ?? 0) - origin;
      if (rel > maxRel) maxRel = rel;
    }
    const idxBits = BigInt(64 - Math.ceil(Math.log2(maxRel + 1)));
    if (n >= 2 ** Number(idxBits)) throw new RangeError(`too many events to order: ${n}`);
    const keys = new BigUint64Array(n);
    for (let i = 0; i < n; i++) {
      const rel = (this.ts[i] ?? 0) + (this.delay[i] ?? 0) - origin;
      keys[i] = (BigInt(rel) << idxBits) | BigInt(i);
    }
    keys.sort();
    const mask = (1n << idxBits) - 1n;
    const out = new Uint32Array(n);
    for (let i = 0; i < n; i++) out[i] = Number((keys[i] ?? 0n) & mask);
    return out;
  }
}
