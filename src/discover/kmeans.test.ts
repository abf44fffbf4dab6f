import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { naiveLloyd } from "../../test/discover/naive-lloyd.js";
import { BLOCK_SIZE, kmeans } from "./kmeans.js";
import { kmeansPlusPlusCenters } from "./kmeans-init.js";
import { terminateKmeansWorkers } from "./kmeans-workers.js";
import { matrix } from "./matrix.js";
import { createRng } from "./prng.js";

afterAll(() => terminateKmeansWorkers());

// scikit-learn's KMeans docstring example: X = [[1,2],[1,4],[1,0],[10,2],[10,4],[10,0]], n_clusters=2 gives
// cluster_centers_ [[10, 2], [1, 2]]; inertia = 2 clusters × (0 + 2² + 2²) = 16.
const skX = matrix(new Float64Array([1, 2, 1, 4, 1, 0, 10, 2, 10, 4, 10, 0]), 6, 2);

const randomMatrix = (n: number, d: number, seed: number, blobs = 5): Float64Array => {
  const rng = createRng(seed);
  const centres = Array.from({ length: blobs * d }, () => rng() * 10);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rng() * blobs);
    for (let t = 0; t < d; t++) out[i * d + t] = centres[b * d + t]! + (rng() + rng() + rng() - 1.5) * 2;
  }
  return out;
};

describe("kmeans: reference cases", () => {
  it("first-k on scikit-learn's 6-point example stops in the local minimum derived by hand", async () => {
    // Init (1,2),(1,4). Step 1 labels [0,1,0,0,1,0] → centres (5.5,1),(5.5,4). Step 2: labels unchanged, so
    // strict convergence after 2 iterations (sklearn's n_iter_ counting). Inertia: 4 points at 4.5²+1² = 21.25
    // plus 2 points at 4.5² = 20.25 → 85 + 40.5 = 125.5.
    const r = await kmeans(skX, { k: 2, init: "first-k" });
    expect(Array.from(r.labels)).toEqual([0, 1, 0, 0, 1, 0]);
    expect(Array.from(r.centers)).toEqual([5.5, 1, 5.5, 4]);
    expect(r.inertia).toBeCloseTo(125.5, 12);
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(true);
    expect(r.sizes).toEqual([4, 2]);
  });

  it("k-means++ with 10 restarts finds scikit-learn's documented solution (inertia 16)", async () => {
    const r = await kmeans(skX, { k: 2, seed: 0 });
    expect(r.inertia).toBeCloseTo(16, 12);
    const centres = [Array.from(r.centers.subarray(0, 2)), Array.from(r.centers.subarray(2, 4))].sort(
      (a, b) => a[0]! - b[0]!,
    );
    expect(centres).toEqual([
      [1, 2],
      [10, 2],
    ]);
    expect(r.labels[0]).toBe(r.labels[1]);
    expect(r.labels[0]).not.toBe(r.labels[3]);
  });

  it("moves empty clusters to the farthest points, as scikit-learn does", async () => {
    // The first 3 rows coincide, so clusters 1 and 2 start empty; they take (10,10) then (5,5).
    const X = matrix(new Float64Array([0, 0, 0, 0, 0, 0, 5, 5, 10, 10]), 5, 2);
    const r = await kmeans(X, { k: 3, init: "first-k" });
    expect(r.sizes).toEqual([3, 1, 1]);
    expect(Array.from(r.centers)).toEqual([0, 0, 10, 10, 5, 5]);
    expect(r.inertia).toBe(0);
  });

  it("rejects k outside 1..n with a coded error", async () => {
    await expect(kmeans(skX, { k: 7 })).rejects.toMatchObject({ code: "kmeans_bad_k" });
    await expect(kmeans(skX, { k: 0 })).rejects.toMatchObject({ code: "kmeans_bad_k" });
  });

  it("k-means++ picks distinct rows while distinct rows remain", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 2, max: 6 }), (seed, k) => {
        const X = matrix(randomMatrix(40, 3, seed), 40, 3);
        const c = kmeansPlusPlusCenters(X, k, createRng(seed));
        const rows = new Set(Array.from({ length: k }, (_, j) => Array.from(c.subarray(j * 3, j * 3 + 3)).join(",")));
        expect(rows.size).toBe(k);
      }),
      { numRuns: 50 },
    );
  });
});

describe("kmeans: equal to plain Lloyd", () => {
  it("labels equal a plain Lloyd loop and centres agree to 1e-9 over several blocks", async () => {
    const n = 2 * BLOCK_SIZE + 1234;
    const d = 4;
    const data = randomMatrix(n, d, 7, 6);
    const ref = naiveLloyd(data, n, d, data.slice(0, 6 * d), 100);
    const r = await kmeans(matrix(data, n, d), { k: 6, init: "first-k", maxIter: 100, threads: 1 });
    expect(r.iterations).toBe(ref.iterations);
    expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
    r.centers.forEach((v, i) => {
      expect(v).toBeCloseTo(ref.centers[i]!, 9);
    });
    expect(Math.abs(r.inertia - ref.inertia) / ref.inertia).toBeLessThan(1e-10);
  });

  it("the generic (not unrolled) kernels equal plain Lloyd too: d = 40, and k·d = 320", async () => {
    for (const [n, d, k] of [
      [3000, 40, 5],
      [5000, 8, 40],
    ] as const) {
      const data = randomMatrix(n, d, 3, 6);
      const ref = naiveLloyd(data, n, d, data.slice(0, k * d), 40);
      const r = await kmeans(matrix(data, n, d), { k, init: "first-k", maxIter: 40, threads: 1 });
      expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
      expect(r.iterations).toBe(ref.iterations);
    }
  });

  it("property: equals plain Lloyd on small random inputs (labels exact)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 6, max: 200 }),
        fc.integer({ min: 1, max: 5 }),
        async (seed, k, n, d) => {
          const data = randomMatrix(n, d, seed, 4);
          const ref = naiveLloyd(data, n, d, data.slice(0, k * d), 50);
          const r = await kmeans(matrix(data, n, d), { k, init: "first-k", maxIter: 50, threads: 1 });
          expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
          expect(r.iterations).toBe(ref.iterations);
        },
      ),
      { numRuns: 60 },
    );
  });
  it("property: equals plain Lloyd on integer grids full of exact ties (lowest index wins)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .integer({ min: 1, max: 4 })
          .chain((d) =>
            fc.tuple(
              fc.constant(d),
              fc.integer({ min: 1, max: 5 }),
              fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 8 * d, maxLength: 60 * d }),
            ),
          ),
        async ([d, k, cells]) => {
          const n = Math.floor(cells.length / d);
          const data = new Float64Array(cells.slice(0, n * d));
          const kk = Math.min(k, n);
          const ref = naiveLloyd(data, n, d, data.slice(0, kk * d), 50);
          const r = await kmeans(matrix(data, n, d), { k: kk, init: "first-k", maxIter: 50, threads: 1 });
          expect(Array.from(r.labels)).toEqual(Array.from(ref.labels));
          expect(r.iterations).toBe(ref.iterations);
          expect(r.inertia).toBeCloseTo(ref.inertia, 9);
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe("kmeans: invariants", () => {
  it("property: inertia never increases across Lloyd iterations", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 10_000 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 10, max: 300 }),
        async (seed, k, n) => {
          const X = matrix(randomMatrix(n, 3, seed), n, 3);
          const r = await kmeans(X, { k, nInit: 1, seed, history: true, threads: 1 });
          const h = r.inertiaHistory!;
          for (let i = 1; i < h.length; i++) expect(h[i]!).toBeLessThanOrEqual(h[i - 1]! * (1 + 1e-12) + 1e-12);
          expect(r.inertia).toBeLessThanOrEqual(h[h.length - 1]! * (1 + 1e-12) + 1e-12);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("concurrent threaded fits share the worker pool safely", async () => {
    const n = 2 * BLOCK_SIZE + 17;
    const A = matrix(randomMatrix(n, 3, 11, 4), n, 3);
    const B = matrix(randomMatrix(n, 3, 12, 4), n, 3);
    const [a, b] = await Promise.all([
      kmeans(A, { k: 4, nInit: 2, seed: 1, threads: 2 }),
      kmeans(B, { k: 4, nInit: 2, seed: 1, threads: 2 }),
    ]);
    const a1 = await kmeans(A, { k: 4, nInit: 2, seed: 1, threads: 1 });
    const b1 = await kmeans(B, { k: 4, nInit: 2, seed: 1, threads: 1 });
    expect(a.inertia).toBe(a1.inertia);
    expect(b.inertia).toBe(b1.inertia);
    expect(Array.from(b.labels)).toEqual(Array.from(b1.labels));
  });

  it("property: 2 worker threads give bit-identical labels, centres and inertia to one thread", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 2, max: 8 }), async (seed, k) => {
        const n = 3 * BLOCK_SIZE + (seed % 1000);
        const X = matrix(randomMatrix(n, 5, seed, 8), n, 5);
        const one = await kmeans(X, { k, nInit: 2, seed, maxIter: 60, threads: 1 });
        const two = await kmeans(X, { k, nInit: 2, seed, maxIter: 60, threads: 2 });
        expect(two.inertia).toBe(one.inertia);
        expect(two.iterations).toBe(one.iterations);
        expect(Array.from(two.centers)).toEqual(Array.from(one.centers));
        expect(Buffer.from(two.labels.buffer).equals(Buffer.from(one.labels.buffer))).toBe(true);
      }),
      { numRuns: 4 },
    );
  });
});
