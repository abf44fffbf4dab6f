/** The most frequent whole-history event paths across customers (count desc, then path order). */
import type { CustomerSequence } from "./customer-sequences.js";

export interface PathShare {
  path: string[];
  count: number;
  /** count / number of customers. */
  share: number;
}

export function topPaths(sequences: readonly CustomerSequence[], top = 10): PathShare[] {
  const counts = new Map<string, { path: string[]; count: number }>();
  for (const s of sequences) {
    const key = s.events.join("\u0000");
    const c = counts.get(key);
    if (c) c.count++;
    else counts.set(key, { path: s.events, count: 1 });
  }
  const keys = [...counts.keys()];
  keys.sort((a, b) => counts.get(b)!.count - counts.get(a)!.count || (a < b ? -1 : a > b ? 1 : 0));
  return keys.slice(0, top).map((k) => {
    const c = counts.get(k)!;
    return { path: [...c.path], count: c.count, share: c.count / sequences.length };
  });
}
