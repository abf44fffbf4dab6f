/**
 * The per-profile numbers of every profile, one row per profile number in a single buffer (one or two cache lines
 * per profile, no boxed doubles): wake-up, last-evaluation and watermark instants as doubles; then, as 32-bit words,
 * the mask of timed stores the profile has state in and its membership bits (one word per 32 segments); then one
 * double per latest/earliest-time store (InstantStore cells), so a timer or an event touching a profile reads one row;
 * last, one double per timed store: its wake-up as last computed (−∞: to recompute), so a timer or a reschedule
 * need not touch the rings of stores that cannot be due.
 */
export class ProfileRows {
  readonly words: number;
  /** Row length in doubles. */
  readonly stride: number;
  /** First double of the store cells. */
  readonly cellBase: number;
  /** First double of the cached store wake-ups. */
  readonly wakeBase: number;
  f64: Float64Array = new Float64Array(0);
  u32: Uint32Array = new Uint32Array(0);
  private readonly template: Float64Array;

  /** `cells`: the empty value of each store cell; `wakes`: how many timed stores have a cached wake-up. */
  constructor(segments: number, cells: number | readonly number[], wakes = 0) {
    this.words = Math.max(1, Math.ceil(segments / 32));
    this.cellBase = 3 + Math.ceil((1 + this.words) / 2);
    const empties = typeof cells === "number" ? new Array<number>(cells).fill(0) : cells;
    this.wakeBase = this.cellBase + empties.length;
    this.stride = this.wakeBase + wakes;
    this.template = new Float64Array(this.stride);
    this.template.fill(Number.NEGATIVE_INFINITY, this.wakeBase);
    this.template[0] = Number.POSITIVE_INFINITY;
    this.template[1] = Number.NEGATIVE_INFINITY;
    this.template[2] = Number.NEGATIVE_INFINITY;
    this.template.set(empties, this.cellBase);
  }

  get rows(): number {
    return this.stride === 0 ? 0 : this.f64.length / this.stride;
  }

  ensure(n: number): void {
    if (n <= this.rows) return;
    const f64 = new Float64Array(n * this.stride);
    f64.set(this.f64);
    this.f64 = f64;
    this.u32 = new Uint32Array(f64.buffer);
  }

  /** Initial values for a (new or reused) profile number. */
  reset(p: number): void {
    this.f64.set(this.template, p * this.stride);
  }
}
