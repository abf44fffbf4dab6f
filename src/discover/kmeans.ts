import { availableParallelism } from "node:os";
import { TesseraError } from "../model/index.js";
import { firstKCenters, kmeansPlusPlusCenters } from "./kmeans-init.js";
import { lloydStep } from "./kmeans-kernel.js";
import { acquireWorkers, runStep, type SharedStepArrays, stepWorkers } from "./kmeans-workers.js";
import type { Matrix } from "./matrix.js";
import { columnMeans, columnStds } from "./matrix.js";
import { createRng } from "./prng.js";

export interface KMeansOptions {
  k: number;
  /** "kmeans++" (default), "first-k" (the first k rows), or explicit k×d centres. */
  init?: "kmeans++" | "first-k" | Float64Array;
  /** Runs from different seeds, best inertia kept; default 10 for k-means++, 1 otherwise. */
  nInit?: number;
  seed?: number;
  maxIter?: number;
  /** Stop when the summed squared centre shift ≤ tol × mean feature variance (scikit-learn's rule); 0 = exact. */
  tol?: number;
  /** Worker threads for the Lloyd steps; default 2 (or fewer cores) from 20,000 rows, else the main thread. */
  threads?: number;
  /** Record the inertia of every assignment step (costs one extra pass per iteration). */
  history?: boolean;
}

export interface KMeansResult {
  k: number;
  labels: Int32Array;
  /** k×d, row-major, indexed by label. */
  centers: Float64Array;
  inertia: number;
  iterations: number;
  /** True when an iteration left every label unchanged. */
  converged: boolean;
  sizes: number[];
  /** With `history`: inertia of each assignment against the centres it was made with (never increases). */
  inertiaHistory?: number[];
}

/** Rows per block; the unit of work for threads and the order in which partial sums are combined. */
export const BLOCK_SIZE = 8192;
const PARALLEL_FROM = 20_000;

interface Runner {
  a: SharedStepArrays;
  nBlocks: number;
  release?: () => void;
  step(mode: number, withSums: number, withInertia: number): Promise<void> | void;
}

function allocate(X: Matrix, k: number, shared: boolean): SharedStepArrays {
  const { rows: n, cols: d } = X;
  const nBlocks = Math.max(1, Math.ceil(n / BLOCK_SIZE));
  const f64 = (len: number) => (shared ? new Float64Array(new SharedArrayBuffer(len * 8)) : new Float64Array(len));
  let data = X.data;
  if (shared && !(data.buffer instanceof SharedArrayBuffer)) {
    data = f64(n * d);
    data.set(X.data);
  }
  return {
    X: data,
    centers: f64(k * d),
    state: f64(2 * k + 3),
    labels: shared ? new Int32Array(new SharedArrayBuffer(n * 4)) : new Int32Array(n),
    upper: f64(n),
    lower: f64(n),
    sums: f64(nBlocks * k * d),
    counts: f64(nBlocks * k),
    changes: f64(nBlocks),
    inertia: f64(nBlocks),
    cursor: new Int32Array(shared ? new SharedArrayBuffer(4) : new ArrayBuffer(4)),
  };
}

async function makeRunner(X: Matrix, k: number, threads: number): Promise<Runner> {
  const { rows: n, cols: d } = X;
  const nBlocks = Math.max(1, Math.ceil(n / BLOCK_SIZE));
  const t = Math.min(threads, nBlocks);
  const a = allocate(X, k, t > 1);
  if (t <= 1) {
    const kernel = lloydStep(d, k);
    return {
      a,
      nBlocks,
      step: (mode, withSums, withInertia) =>
        kernel(
          a.X,
          n,
          k,
          a.centers,
          a.state,
          a.labels,
          a.upper,
          a.lower,
          a.sums,
          a.counts,
          a.changes,
          a.inertia,
          BLOCK_SIZE,
          0,
          nBlocks,
          mode,
          withSums,
          withInertia,
        ),
    };
  }
  const release = await acquireWorkers();
  try {
    const ws = await stepWorkers(t, a, { n, d, k, blockSize: BLOCK_SIZE });
    return {
      a,
      nBlocks,
      release,
      step: (mode, withSums, withInertia) => runStep(ws, a, nBlocks, { mode, withSums, withInertia }),
    };
  } catch (e) {
    release();
    throw e;
  }
}

const sumOf = (a: Float64Array): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
};

/** Means from the per-block sums, combined in block order; empty clusters are moved to far points (as scikit-learn). */
function updateCenters(X: Matrix, k: number, r: Runner): Float64Array {
  const { rows: n, cols: d } = X;
  const { a, nBlocks } = r;
  const tot = new Float64Array(k * d);
  const cnt = new Float64Array(k);
  for (let b = 0; b < nBlocks; b++) {
    const so = b * k * d;
    for (let t = 0; t < k * d; t++) tot[t]! += a.sums[so + t]!;
    for (let j = 0; j < k; j++) cnt[j]! += a.counts[b * k + j]!;
  }
  const empty: number[] = [];
  for (let j = 0; j < k; j++) if (cnt[j] === 0) empty.push(j);
  if (empty.length > 0) {
    // The farthest points from their current centre (ties: lowest row) become the empty clusters' centres.
    const dist = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const c = a.labels[i]! * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const z = a.X[i * d + t]! - a.centers[c + t]!;
        s += z * z;
      }
      dist[i] = s;
    }
    for (const j of empty) {
      let far = -1;
      for (let i = 0; i < n; i++) {
        if (dist[i]! < 0 || cnt[a.labels[i]!]! <= 1) continue;
        if (far < 0 || dist[i]! > dist[far]!) far = i;
      }
      if (far < 0) continue;
      dist[far] = -1;
      const old = a.labels[far]!;
      for (let t = 0; t < d; t++) {
        tot[old * d + t]! -= a.X[far * d + t]!;
        tot[j * d + t] = a.X[far * d + t]!;
      }
      cnt[old]! -= 1;
      cnt[j] = 1;
    }
  }
  for (let j = 0; j < k; j++) {
    if (cnt[j] === 0) tot.set(a.centers.subarray(j * d, j * d + d), j * d);
    else for (let t = 0; t < d; t++) tot[j * d + t]! /= cnt[j]!;
  }
  return tot;
}

/** Writes the bound state for moving from `old` to `next` centres; returns the summed squared shift. */
function moveCenters(a: SharedStepArrays, next: Float64Array, k: number, d: number): number {
  const s = a.state;
  let shift = 0;
  let max = 0;
  let second = 0;
  let arg = 0;
  for (let j = 0; j < k; j++) {
    let q = 0;
    for (let t = 0; t < d; t++) {
      const z = next[j * d + t]! - a.centers[j * d + t]!;
      q += z * z;
    }
    shift += q;
    const m = Math.sqrt(q);
    s[k + j] = m;
    if (m > max) {
      second = max;
      max = m;
      arg = j;
    } else if (m > second) second = m;
  }
  s[2 * k] = max;
  s[2 * k + 1] = second;
  s[2 * k + 2] = arg;
  a.centers.set(next);
  for (let j = 0; j < k; j++) {
    let min = Number.POSITIVE_INFINITY;
    for (let o = 0; o < k; o++) {
      if (o === j) continue;
      let q = 0;
      for (let t = 0; t < d; t++) {
        const z = next[j * d + t]! - next[o * d + t]!;
        q += z * z;
      }
      if (q < min) min = q;
    }
    s[j] = 0.5 * Math.sqrt(min);
  }
  return shift;
}

interface Fit {
  inertia: number;
  iterations: number;
  converged: boolean;
  history: number[];
}

/** One Lloyd run from the given centres, following scikit-learn's `_kmeans_single_lloyd` step order. */
async function fitOnce(
  X: Matrix,
  k: number,
  r: Runner,
  init: Float64Array,
  o: Required<KMeansOptions>,
  tolAbs: number,
) {
  const { cols: d } = X;
  const a = r.a;
  a.centers.set(init);
  moveCenters(a, init, k, d);
  const fit: Fit = { inertia: 0, iterations: 0, converged: false, history: [] };
  for (let it = 0; it < o.maxIter; it++) {
    await r.step(it === 0 ? 0 : 1, 1, o.history ? 1 : 0);
    if (o.history) fit.history.push(sumOf(a.inertia));
    const changed = sumOf(a.changes);
    const shift = moveCenters(a, updateCenters(X, k, r), k, d);
    fit.iterations = it + 1;
    if (it > 0 && changed === 0) {
      fit.converged = true;
      break;
    }
    if (shift <= tolAbs) break;
  }
  // Final assignment against the final centres, and its inertia.
  await r.step(fit.iterations === 0 ? 0 : 1, 0, 1);
  fit.inertia = sumOf(a.inertia);
  return fit;
}

/** Lloyd's k-means with Hamerly pruning; labels and centres equal plain Lloyd's, for any thread count. */
export async function kmeans(X: Matrix, options: KMeansOptions): Promise<KMeansResult> {
  const { rows: n, cols: d } = X;
  const k = options.k;
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new TesseraError({ code: "kmeans_bad_k", path: ["k"], message: `k must be an integer in 1..${n}, got ${k}` });
  }
  const init = options.init ?? "kmeans++";
  const o: Required<KMeansOptions> = {
    k,
    init,
    nInit: options.nInit ?? (init === "kmeans++" ? 10 : 1),
    seed: options.seed ?? 42,
    maxIter: options.maxIter ?? 300,
    tol: options.tol ?? 0,
    threads: options.threads ?? (n >= PARALLEL_FROM ? Math.min(2, availableParallelism()) : 1),
    history: options.history ?? false,
  };
  if (init instanceof Float64Array && init.length !== k * d) {
    throw new TesseraError({ code: "kmeans_bad_init", path: ["init"], message: `init needs ${k}×${d} values` });
  }
  let tolAbs = 0;
  if (o.tol > 0) {
    const sd = columnStds(X, columnMeans(X));
    for (let j = 0; j < d; j++) tolAbs += (sd[j]! * sd[j]!) / d;
    tolAbs *= o.tol;
  }
  const rng = createRng(o.seed);
  const runner = await makeRunner(X, k, o.threads);
  let best: (Fit & { labels: Int32Array; centers: Float64Array }) | null = null;
  const runs = init === "kmeans++" ? Math.max(1, o.nInit) : 1;
  try {
    for (let run = 0; run < runs; run++) {
      const c0 =
        init === "kmeans++" ? kmeansPlusPlusCenters(X, k, rng) : init === "first-k" ? firstKCenters(X, k) : init;
      const fit = await fitOnce(X, k, runner, c0, o, tolAbs);
      if (best === null || fit.inertia < best.inertia) {
        best = { ...fit, labels: runner.a.labels.slice(), centers: runner.a.centers.slice() };
      }
    }
  } finally {
    runner.release?.();
  }
  const b = best!;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < n; i++) sizes[b.labels[i]!]!++;
  const out: KMeansResult = {
    k,
    labels: b.labels,
    centers: b.centers,
    inertia: b.inertia,
    iterations: b.iterations,
    converged: b.converged,
    sizes,
  };
  if (o.history) out.inertiaHistory = b.history;
  return out;
}
