/** What a store sees of a matching event: the evaluator reuses one view for every event (no per-event objects). */
export interface EventView {
  event: string;
  ts: number;
  seq: number;
  properties: Record<string, unknown> | null;
}

/**
 * Columnar per-profile state of one kind of evidence (latest time of an event, a window ring, totals, sequence steps),
 * indexed by the profile's dense number. Leaves that need the same evidence share one store (the plan keys stores by
 * what determines their content), so e.g. every `performed "X" within …`, `last "X"` and `did "X" …` read one column
 * of latest times. Every store is a commutative summary: a late event or an identity merge updates it exactly.
 */
export interface SlotStore {
  /** Definition of the content: equal keys hold equal state (snapshots name states by it). */
  readonly key: string;
  /** Event names the store listens to. */
  readonly events: readonly string[];
  /** Makes room for profile numbers below `n`. */
  ensure(n: number): void;
  /** Folds a matching-name event into profile p's state (the store applies its own property filter). */
  apply(p: number, ev: EventView, clock: number): void;
  /** Drops what no window can see any more at `clock`. */
  prune(p: number, clock: number): void;
  /** Folds profile `from`'s state into `into`'s. */
  merge(into: number, from: number, clock: number): void;
  /** Forgets p's state (deleted or merged away profile; the number may be reused). */
  clear(p: number): void;
  /** Whether p has any state here. */
  has(p: number): boolean;
  /** Approximate bytes held for p beyond the dense column slot (for the state-size report). */
  bytes(p: number): number;
  encode(p: number): unknown;
  decode(p: number, data: unknown): void;
}

/** A Float64Array column grown to hold index n − 1, new cells set to `fill`. */
export function grownColumn(col: Float64Array, n: number, fill: number): Float64Array {
  if (n <= col.length) return col;
  const next = new Float64Array(Math.max(n, col.length * 2, 64));
  next.set(col);
  next.fill(fill, col.length);
  return next;
}

/** A sparse per-profile reference column: a plain array kept dense (filled with undefined) so V8 keeps it fast. */
export function grownRefs<T>(refs: (T | undefined)[], n: number): void {
  while (refs.length < n) refs.push(undefined);
}
