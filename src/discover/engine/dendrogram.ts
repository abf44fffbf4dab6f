import type { Linkage } from "../ward.js";

/** A dendrogram node for the UI's tree chart: `value` is the merge height (0 for a leaf), `size` the profiles under it. */
export interface DendrogramNode {
  name: string;
  value: number;
  size: number;
  children?: DendrogramNode[];
}

/**
 * The top of a scipy-style linkage as a nested tree, cut to at most `maxLeaves` leaves: the last maxLeaves − 1
 * merges are kept, every subtree formed earlier becomes a leaf named by its size.
 */
export function dendrogramTree(linkage: Linkage, n: number, maxLeaves: number): DendrogramNode {
  const m = linkage.length;
  const firstKept = Math.max(0, m - (maxLeaves - 1));
  const sizeOf = (id: number): number => (id < n ? 1 : (linkage[id - n]?.[3] ?? 1));
  const build = (id: number): DendrogramNode => {
    const row = id >= n ? id - n : -1;
    if (row < firstKept)
      return { name: `${sizeOf(id)} profiles`, value: row < 0 ? 0 : linkage[row]![2], size: sizeOf(id) };
    const [a, b, height, size] = linkage[row]!;
    return { name: `h ${height.toFixed(2)}`, value: height, size, children: [build(a), build(b)] };
  };
  if (m === 0) return { name: `${n} profiles`, value: 0, size: n };
  return build(n + m - 1);
}
