/**
 * The elbow of an inertia curve: with k and inertia both min–max scaled to [0, 1], the k farthest from the chord
 * joining the first and the last point (first such k on ties). Null with fewer than 3 points.
 */
export function elbowK(ks: number[], inertias: number[]): number | null {
  if (ks.length < 3 || ks.length !== inertias.length) return null;
  const kMin = Math.min(...ks);
  const kMax = Math.max(...ks);
  const iMin = Math.min(...inertias);
  const iMax = Math.max(...inertias);
  const sx = (x: number) => (kMax > kMin ? (x - kMin) / (kMax - kMin) : 0);
  const sy = (y: number) => (iMax > iMin ? (y - iMin) / (iMax - iMin) : 0);
  const x0 = sx(ks[0]!);
  const y0 = sy(inertias[0]!);
  const x1 = sx(ks[ks.length - 1]!);
  const y1 = sy(inertias[inertias.length - 1]!);
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len === 0) return null;
  let best = -1;
  let bestK: number | null = null;
  ks.forEach((k, i) => {
    const dist = Math.abs((y1 - y0) * sx(k) - (x1 - x0) * sy(inertias[i]!) + x1 * y0 - y1 * x0) / len;
    if (dist > best + 1e-12) {
      best = dist;
      bestK = k;
    }
  });
  return bestK;
}

/** The k with the highest silhouette (nulls ignored; first on ties), or null. */
export function bestSilhouetteK(ks: number[], silhouettes: Array<number | null>): number | null {
  let best: number | null = null;
  let bestV = Number.NEGATIVE_INFINITY;
  ks.forEach((k, i) => {
    const v = silhouettes[i];
    if (v !== null && v !== undefined && v > bestV) {
      bestV = v;
      best = k;
    }
  });
  return best;
}
