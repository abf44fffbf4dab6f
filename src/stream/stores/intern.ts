import { distinctKey } from "../json-value.js";

/** Distinct values are interned once per process, so a window keeps one number per event, not a string. */
const interned = new Map<string, number>();
const internedNames: string[] = [];

/** The interned number of a value's distinct key (NaN: a value count(DISTINCT) skips). */
export function internValue(x: unknown): number {
  const k = distinctKey(x);
  return k === undefined ? Number.NaN : internName(k);
}

/** Snapshot form of an interned number: its key text (interned numbers are per process). */
export const internedName = (id: number): string | null => (Number.isNaN(id) ? null : (internedNames[id] ?? null));

/** Inverse of internedName. */
export function internName(name: unknown): number {
  if (typeof name !== "string") return Number.NaN;
  let id = interned.get(name);
  if (id === undefined) {
    id = internedNames.length;
    interned.set(name, id);
    internedNames.push(name);
  }
  return id;
}
