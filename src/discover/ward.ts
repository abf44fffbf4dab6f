import type { Matrix } from "./matrix.js";

/**
 * A linkage in scipy's convention: row i is [a, b, distance, size]; ids below n are points, n + i is the cluster
 * formed at row i; a < b; rows sorted by distance (stable).
 */
export type Linkage = Array<[number, number, number, number]>;

/**
 * Ward's minimum-variance hierarchical clustering by the nearest-neighbour chain (Murtagh 1983; Müllner,
 * "Modern hierarchical, agglomerative clustering algorithms", 2011).
 *
 * The distance between clusters A and B is scipy's Ward distance, the Lance–Williams recurrence on Euclidean
 * distances, which in closed form is sqrt(2·|A|·|B| / (|A| + |B|)) · ‖mean(A) − mean(B)‖. Working from centroids
 * keeps memory at O(n·d) instead of the O(n²) distance matrix; time is O(n²·d).
 */
export function wardLinkage(X: Matrix): Linkage {
  const { rows: n, cols: d } = X;
  if (n < 2) return [];
  const cen = X.data.slice(0, n * d);
  const size = new Float64Array(n).fill(1);
  // Active slots as a compact list: slot s always holds the cluster containing point s.
  const active = new Int32Array(n);
  const pos = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    active[i] = i;
    pos[i] = i;
  }
  let nActive = n;
  const chain = new Int32Array(n);
  let top = 0;
  const merges: Array<[number, number, number]> = [];
  const found = new Float64Array(1);
  const nearest = nearestFor(d);
  while (nActive > 1) {
    if (top === 0) chain[top++] = active[0]!;
    for (;;) {
      const x = chain[top - 1]!;
      const prev = top > 1 ? chain[top - 2]! : -1;
      const y = nearest(cen, size, active, nActive, x, prev, found);
      const best = found[0]!;
      if (y === prev) {
        top -= 2;
        const lo = Math.min(x, y);
        const hi = Math.max(x, y);
        merges.push([lo, hi, Math.sqrt(best)]);
        const nl = size[lo]!;
        const nh = size[hi]!;
        for (let t = 0; t < d; t++) cen[hi * d + t] = (nl * cen[lo * d + t]! + nh * cen[hi * d + t]!) / (nl + nh);
        size[hi] = nl + nh;
        // Remove lo from the active list by moving the last active slot into its place.
        const at = pos[lo]!;
        const last = active[nActive - 1]!;
        active[at] = last;
        pos[last] = at;
        nActive--;
        break;
      }
      chain[top++] = y;
    }
  }
  return relabel(merges, n);
}

type Nearest = (
  cen: Float64Array,
  size: Float64Array,
  active: Int32Array,
  nActive: number,
  x: number,
  prev: number,
  found: Float64Array,
) => number;

/**
 * The active cluster nearest to x in Ward distance (squared, into found[0]). On ties the previous chain element
 * wins, which guarantees the chain ends in a reciprocal pair, then the lowest slot. Generated per dimension with
 * the coordinate loop unrolled (as the k-means kernel), since this O(n·d) scan is where Ward spends its time.
 */
function nearestSource(d: number): string {
  const unroll = d <= 32;
  const load = unroll ? `const ${Array.from({ length: d }, (_, t) => `x${t} = cen[ox + ${t}]`).join(", ")};` : "";
  const dist = unroll
    ? Array.from({ length: d }, (_, t) => `z = x${t} - cen[os + ${t}]; q ${t ? "+=" : "="} z * z;`).join(" ")
    : `q = 0; for (let t = 0; t < ${d}; t++) { z = cen[ox + t] - cen[os + t]; q += z * z; }`;
  return `function (cen, size, active, nActive, x, prev, found) {
  const ox = x * ${d};
  const nx = size[x];
  ${load}
  let best = Infinity;
  let y = -1;
  let q = 0;
  let z = 0;
  for (let a = -1; a < nActive; a++) {
    const s = a < 0 ? prev : active[a];
    if (s < 0 || s === x || (a >= 0 && s === prev)) continue;
    const os = s * ${d};
    ${dist}
    const ns = size[s];
    const v = ((2 * nx * ns) / (nx + ns)) * q;
    if (v < best || (v === best && y !== prev && s < y)) {
      best = v;
      y = s;
    }
  }
  found[0] = best;
  return y;
}`;
}

const nearestByDim = new Map<number, Nearest>();

function nearestFor(d: number): Nearest {
  let f = nearestByDim.get(d);
  if (f === undefined) {
    f = new Function(`return (${nearestSource(d)});`)() as Nearest;
    nearestByDim.set(d, f);
  }
  return f;
}

/** Stable sort by distance, then scipy's cluster ids via union-find (what scipy's `label` step does). */
function relabel(merges: Array<[number, number, number]>, n: number): Linkage {
  const order = merges.map((_, i) => i).sort((a, b) => merges[a]![2] - merges[b]![2] || a - b);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    let r = x;
    while (parent[r] !== r) r = parent[r]!;
    while (parent[x] !== r) {
      const next = parent[x]!;
      parent[x] = r;
      x = next;
    }
    return r;
  };
  const sizes = new Float64Array(2 * n - 1).fill(1);
  const out: Linkage = [];
  order.forEach((m, i) => {
    const [p, q, dist] = merges[m]!;
    const a = find(p);
    const b = find(q);
    const id = n + i;
    parent[a] = id;
    parent[b] = id;
    sizes[id] = sizes[a]! + sizes[b]!;
    out.push([Math.min(a, b), Math.max(a, b), dist, sizes[id]!]);
  });
  return out;
}

/** Flat labels for k clusters: the first n − k merges; labels numbered by first appearance in row order. */
export function cutTree(linkage: Linkage, n: number, k: number): Int32Array {
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!;
      x = parent[x]!;
    }
    return x;
  };
  for (let i = 0; i < n - k && i < linkage.length; i++) {
    const [a, b] = linkage[i]!;
    parent[find(a)] = n + i;
    parent[find(b)] = n + i;
  }
  const labels = new Int32Array(n);
  const seen = new Map<number, number>();
  for (let p = 0; p < n; p++) {
    const r = find(p);
    let l = seen.get(r);
    if (l === undefined) {
      l = seen.size;
      seen.set(r, l);
    }
    labels[p] = l;
  }
  return labels;
}
