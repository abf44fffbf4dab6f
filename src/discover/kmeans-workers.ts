import { Worker } from "node:worker_threads";
import { lloydStepSource } from "./kmeans-kernel.js";

/** The arrays one k-means fit shares with its workers; every one is backed by a SharedArrayBuffer. */
export interface SharedStepArrays {
  X: Float64Array;
  centers: Float64Array;
  state: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  sums: Float64Array;
  counts: Float64Array;
  changes: Float64Array;
  inertia: Float64Array;
  /** Next unclaimed block of the current step; workers claim CHUNK blocks at a time with Atomics.add. */
  cursor: Int32Array;
}

/** Blocks a worker claims at once: small enough to rebalance when a core is busy, large enough to be cheap. */
export const CHUNK = 4;

/**
 * The worker evaluates (`eval: true`) the kernel source it is sent, the same text the main thread compiles, so it
 * needs no TypeScript loader and runs identical arithmetic. Blocks are claimed dynamically from a shared cursor, so
 * a worker that gets less CPU (a busy machine) simply processes fewer blocks; which thread processes a block never
 * changes its result.
 */
const workerSource = `
const { parentPort } = require("node:worker_threads");
const kernels = new Map();
let step = null;
let s = null;
let n = 0, k = 0, blockSize = 0;
parentPort.on("message", (m) => {
  if (m.type === "init") {
    s = m.arrays; n = m.n; k = m.k; blockSize = m.blockSize;
    const key = m.d + "x" + m.k;
    step = kernels.get(key);
    if (step === undefined) {
      step = new Function("return (" + m.source + ");")();
      kernels.set(key, step);
    }
    parentPort.postMessage(0);
    return;
  }
  for (;;) {
    const b0 = Atomics.add(s.cursor, 0, ${CHUNK});
    if (b0 >= m.nBlocks) break;
    const b1 = Math.min(m.nBlocks, b0 + ${CHUNK});
    step(s.X, n, k, s.centers, s.state, s.labels, s.upper, s.lower, s.sums, s.counts, s.changes, s.inertia,
      blockSize, b0, b1, m.mode, m.withSums, m.withInertia);
  }
  parentPort.postMessage(0);
});
`;

interface PooledWorker {
  worker: Worker;
  pending: ((v: unknown) => void) | null;
  failed: ((e: unknown) => void) | null;
}

const pool: PooledWorker[] = [];

function spawn(): PooledWorker {
  const w: PooledWorker = { worker: new Worker(workerSource, { eval: true }), pending: null, failed: null };
  w.worker.on("message", (v) => {
    const p = w.pending;
    w.pending = null;
    w.worker.unref();
    w.failed = null;
    p?.(v);
  });
  w.worker.on("error", (e) => {
    const f = w.failed;
    w.pending = null;
    w.failed = null;
    const i = pool.indexOf(w);
    if (i >= 0) pool.splice(i, 1);
    f?.(e);
  });
  // Idle workers must not keep a CLI process alive.
  w.worker.unref();
  return w;
}

function call(w: PooledWorker, msg: unknown): Promise<unknown> {
  return new Promise((res, rej) => {
    w.pending = res;
    w.failed = rej;
    // Referenced only while a step is in flight, so an idle pool never keeps the process alive.
    w.worker.ref();
    w.worker.postMessage(msg);
  });
}

let queue: Promise<void> = Promise.resolve();

/**
 * The pool serves one fit at a time (a worker holds one fit's arrays): concurrent fits in the same process wait
 * their turn. Resolves to the function that hands the pool to the next fit.
 */
export function acquireWorkers(): Promise<() => void> {
  let release: () => void = () => {};
  const mine = new Promise<void>((r) => {
    release = r;
  });
  const before = queue;
  queue = before.then(() => mine);
  return before.then(() => release);
}

/** Workers for one fit: the pool grows to `threads` and is reused by later fits in the same process. */
export async function stepWorkers(
  threads: number,
  arrays: SharedStepArrays,
  dims: { n: number; d: number; k: number; blockSize: number },
): Promise<PooledWorker[]> {
  while (pool.length < threads) pool.push(spawn());
  const ws = pool.slice(0, threads);
  const source = lloydStepSource(dims.d, dims.k);
  await Promise.all(ws.map((w) => call(w, { type: "init", arrays, source, ...dims })));
  return ws;
}

/** Runs one step: every worker claims chunks of blocks until none is left. */
export async function runStep(
  ws: PooledWorker[],
  arrays: SharedStepArrays,
  nBlocks: number,
  step: { mode: number; withSums: number; withInertia: number },
): Promise<void> {
  Atomics.store(arrays.cursor, 0, 0);
  await Promise.all(ws.map((w) => call(w, { type: "step", nBlocks, ...step })));
}

/** Ends the pooled workers (tests and benchmarks call this; a CLI process simply exits). */
export async function terminateKmeansWorkers(): Promise<void> {
  const ws = pool.splice(0, pool.length);
  await Promise.all(ws.map((w) => w.worker.terminate()));
}
