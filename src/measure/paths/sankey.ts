/** Journey-map Sankey data: step-indexed nodes ("1:Home", "2:Product", …) and links between consecutive steps. */
import type { CustomerSequence } from "./customer-sequences.js";

export interface SankeyData {
  nodes: { name: string; step: number; event: string; value: number }[];
  links: { source: string; target: string; value: number }[];
}

/** The first `depth` events of every customer; node value = customers at that step with that event. */
export function sankey(sequences: readonly CustomerSequence[], depth = 5): SankeyData {
  const nodes = new Map<string, { name: string; step: number; event: string; value: number }>();
  const links = new Map<string, { source: string; target: string; value: number }>();
  for (const s of sequences) {
    const n = Math.min(depth, s.events.length);
    let prev: string | null = null;
    for (let i = 0; i < n; i++) {
      const name = `${i + 1}:${s.events[i]}`;
      const node = nodes.get(name);
      if (node) node.value++;
      else nodes.set(name, { name, step: i + 1, event: s.events[i]!, value: 1 });
      if (prev !== null) {
        const key = `${prev}\u0000${name}`;
        const link = links.get(key);
        if (link) link.value++;
        else links.set(key, { source: prev, target: name, value: 1 });
      }
      prev = name;
    }
  }
  const byName = (a: { name: string }, b: { name: string }): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    nodes: [...nodes.values()].sort((a, b) => a.step - b.step || byName(a, b)),
    links: [...links.values()].sort(
      (a, b) =>
        b.value - a.value ||
        (a.source < b.source ? -1 : a.source > b.source ? 1 : 0) ||
        (a.target < b.target ? -1 : a.target > b.target ? 1 : 0),
    ),
  };
}
