/**
 * mulberry32: a 32-bit seeded generator (Tommy Ettinger's constants). Small state, good enough equidistribution for
 * seeding and sampling, and identical sequences on every platform, which is what reproducible clustering needs.
 */
export type Rng = () => number;

export function createRng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** k distinct indices out of [0, n) by a partial Fisher–Yates shuffle, returned in ascending order. */
export function sampleIndices(n: number, k: number, rng: Rng): Int32Array {
  const m = Math.min(n, k);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm.slice(0, m).sort();
}
