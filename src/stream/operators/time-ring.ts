/**
 * A sorted, growable list of event times (and optionally one number per event) in typed arrays: the per-profile
 * window memory. Inserts keep time order, so late events land in place; `dropUpTo` forgets what left every window.
 */
export interface TimeRing {
  n: number;
  ts: Float64Array;
  vs: Float64Array | null;
}

export const newRing = (withValues: boolean, capacity = 2): TimeRing => ({
  n: 0,
  ts: new Float64Array(capacity),
  vs: withValues ? new Float64Array(capacity) : null,
});

function grow(r: TimeRing): void {
  const cap = Math.max(2, r.ts.length * 2);
  const ts = new Float64Array(cap);
  ts.set(r.ts.subarray(0, r.n));
  r.ts = ts;
  if (r.vs) {
    const vs = new Float64Array(cap);
    vs.set(r.vs.subarray(0, r.n));
    r.vs = vs;
  }
}

/** Inserts (t, v) after every entry with time ≤ t; keeps only the newest `cap` entries. */
export function ringInsert(r: TimeRing, t: number, v: number, cap: number): void {
  let i = r.n;
  while (i > 0 && r.ts[i - 1]! > t) i--;
  if (r.n >= cap) {
    if (i === 0) return; // older than every kept entry of a full ring: it can never be among the newest `cap`
    r.ts.copyWithin(0, 1, i);
    if (r.vs) r.vs.copyWithin(0, 1, i);
    r.ts[i - 1] = t;
    if (r.vs) r.vs[i - 1] = v;
    return;
  }
  if (r.n === r.ts.length) grow(r);
  r.ts.copyWithin(i + 1, i, r.n);
  if (r.vs) r.vs.copyWithin(i + 1, i, r.n);
  r.ts[i] = t;
  if (r.vs) r.vs[i] = v;
  r.n++;
}

/** Index of the first entry with time > bound (entries before it are outside a window starting after bound). */
export function ringFirstAfter(r: TimeRing, bound: number): number {
  let lo = 0;
  let hi = r.n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (r.ts[mid]! > bound) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Removes every entry with time ≤ bound; shrinks the arrays when they became mostly empty. */
export function ringDropUpTo(r: TimeRing, bound: number): void {
  const k = ringFirstAfter(r, bound);
  if (k === 0) return;
  r.ts.copyWithin(0, k, r.n);
  if (r.vs) r.vs.copyWithin(0, k, r.n);
  r.n -= k;
  if (r.ts.length > 8 && r.n * 4 < r.ts.length) {
    const cap = Math.max(2, r.n * 2);
    r.ts = r.ts.slice(0, cap);
    if (r.vs) r.vs = r.vs.slice(0, cap);
  }
}

export function ringMerge(a: TimeRing, b: TimeRing, cap: number): TimeRing {
  for (let i = 0; i < b.n; i++) ringInsert(a, b.ts[i]!, b.vs ? b.vs[i]! : 0, cap);
  return a;
}

export const ringEncode = (r: TimeRing): unknown => ({
  ts: Array.from(r.ts.subarray(0, r.n)),
  ...(r.vs ? { vs: Array.from(r.vs.subarray(0, r.n), (x) => (Number.isNaN(x) ? null : x)) } : {}),
});

export function ringDecode(data: unknown): TimeRing {
  const d = data as { ts: number[]; vs?: (number | null)[] };
  return {
    n: d.ts.length,
    ts: Float64Array.from(d.ts.length ? d.ts : [0, 0]),
    vs: d.vs ? Float64Array.from(d.vs.length ? d.vs.map((x) => x ?? Number.NaN) : [0, 0]) : null,
  };
}

/** Bytes a ring holds (for the state-size report). */
export const ringBytes = (r: TimeRing): number => r.ts.byteLength + (r.vs?.byteLength ?? 0) + 48;
