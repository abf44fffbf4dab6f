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
    for (let j = 0; j < k; j++) {
      for (let t = 0; t < d; t++) next[j * d + t] = cnt[j] ? next[j * d + t]! / cnt[j]! : centers[j * d + t]!;
    }
    centers = next;
    iterations = it + 1;
    if (it > 0 && changed === 0) break;
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
