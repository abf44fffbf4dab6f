/** Plain Lloyd (no bounds, no blocks, one thread), scikit-learn step order: the reference the fast path must equal. */
export function naiveLloyd(
  X: Float64Array,
  n: number,
  d: number,
  init: Float64Array,
  maxIter: number,
): { labels: Int32Array; centers: Float64Array; iterations: number; inertia: number } {
  const k = init.length / d;
  let centers = init.slice();
  const labels = new Int32Array(n).fill(-1);
  const assign = (): number => {
    let changed = 0;
    for (let i = 0; i < n; i++) {
      let best = Number.POSITIVE_INFINITY;
      let bj = 0;
      for (let j = 0; j < k; j++) {
        let s = 0;
        for (let t = 0; t < d; t++) {
          const z = X[i * d + t]! - centers[j * d + t]!;
          s += z * z;
        }
        if (s < best) {
          best = s;
          bj = j;
        }
      }
      if (labels[i] !== bj) changed++;
      labels[i] = bj;
    }
    return changed;
  };
  let iterations = 0;
  for (let it = 0; it < maxIter; it++) {
    const changed = assign();
    const next = new Float64Array(k * d);
    const cnt = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      cnt[labels[i]!]!++;
      for (let t = 0; t < d; t++) next[labels[i]! * d + t]! += X[i * d + t]!;
    }
    // Empty clusters take the farthest points from their centres (scikit-learn's relocation), farthest first.
    const taken = new Set<number>();
    for (let j = 0; j < k; j++) {
      if (cnt[j] !== 0) continue;
      let far = -1;
      let farD = -1;
      for (let i = 0; i < n; i++) {
        if (taken.has(i) || cnt[labels[i]!]! <= 1) continue;
        let s = 0;
        for (let t = 0; t < d; t++) s += (X[i * d + t]! - centers[labels[i]! * d + t]!) ** 2;
        if (s > farD) {
          farD = s;
          far = i;
        }
      }
      if (far < 0) continue;
      taken.add(far);
      for (let t = 0; t < d; t++) {
        next[labels[far]! * d + t]! -= X[far * d + t]!;
        next[j * d + t] = X[far * d + t]!;
      }
      cnt[labels[far]!]!--;
      cnt[j] = 1;
    }
    for (let j = 0; j < k; j++) {
      for (let t = 0; t < d; t++) next[j * d + t] = cnt[j] ? next[j * d + t]! / cnt[j]! : centers[j * d + t]!;
    }
    let shift = 0;
    for (let t = 0; t < k * d; t++) shift += (next[t]! - centers[t]!) ** 2;
    centers = next;
    iterations = it + 1;
    if (it > 0 && changed === 0) break;
    // scikit-learn's tol = 0 rule: stop when the centres did not move at all.
    if (shift <= 0) break;
  }
  assign();
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const z = X[i * d + t]! - centers[labels[i]! * d + t]!;
      inertia += z * z;
    }
  }
  return { labels, centers, iterations, inertia };
}
