/**
 * Discovery benchmark: k-means on 1,000,000 × 8 points (k = 8, first-k init, exactly 20 Lloyd iterations unless
 * converged earlier, tol 0) with 2 worker threads and with 1, against scikit-learn's KMeans (algorithm="lloyd",
 * same init rows, n_init=1, max_iter=20, tol=0, 2 threads via threadpoolctl) on the same bytes in the same run;
 * and Ward linkage on 5,000 × 8 points.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { copheneticCorrelation, createRng, kmeans, matrix, terminateKmeansWorkers, wardLinkage } from "../src/discover/index.js";

const N = 1_000_000;
const D = 8;
const K = 8;
const ITER = 20;
const RUNS = 3;

/** 8 overlapping Gaussian blobs (centres uniform in [0, 10]^8, sd ≈ 2.5): Lloyd needs well over 20 iterations. */
function blobs(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const centres = Array.from({ length: K * d }, () => rng() * 10);
  const out = new Float64Array(new SharedArrayBuffer(n * d * 8));
  for (let i = 0; i < n; i++) {
    const b = Math.floor(rng() * K);
    for (let t = 0; t < d; t++) {
      // Sum of 4 uniforms, scaled to sd 2.5 (variance of one uniform is 1/12).
      const g = (rng() + rng() + rng() + rng() - 2) * Math.sqrt(3) * 2.5;
      out[i * d + t] = centres[b * d + t]! + g;
    }
  }
  return out;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function timeKmeans(data: Float64Array, threads: number) {
  const X = matrix(data, N, D);
  const times: number[] = [];
  let last = { inertia: 0, iterations: 0 };
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const res = await kmeans(X, { k: K, init: "first-k", maxIter: ITER, tol: 0, threads });
    times.push(performance.now() - t0);
    last = { inertia: res.inertia, iterations: res.iterations };
  }
  return { threads, runsMs: times.map((t) => Math.round(t)), medianMs: Math.round(median(times)), ...last };
}

const sklearnScript = `
import json, sys, time
import numpy as np
from threadpoolctl import threadpool_limits
from sklearn.cluster import KMeans
X = np.fromfile(sys.argv[1], dtype="<f8").reshape(${N}, ${D})
times = []
with threadpool_limits(limits=2):
    for _ in range(${RUNS}):
        t = time.perf_counter()
        km = KMeans(n_clusters=${K}, init=X[:${K}].copy(), n_init=1, max_iter=${ITER}, tol=0, algorithm="lloyd").fit(X)
        times.append((time.perf_counter() - t) * 1000)
import sklearn
print(json.dumps({"version": sklearn.__version__, "runsMs": times, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}))
`;

function python(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

function sklearn(data: Float64Array): { result: Record<string, unknown> | null; reason?: string } {
  const py = python();
  const probe = spawnSync(py, ["-c", "import sklearn, threadpoolctl, numpy"], { encoding: "utf8" });
  if (probe.status !== 0) return { result: null, reason: `${py}: ${(probe.stderr || "cannot run").trim().split("\n").pop()}` };
  const dir = mkdtempSync(join(tmpdir(), "tessera-kmeans-"));
  try {
    const bin = join(dir, "X.bin");
    writeFileSync(bin, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
    const script = join(dir, "bench.py");
    writeFileSync(script, sklearnScript);
    const run = spawnSync(py, [script, bin], { encoding: "utf8", maxBuffer: 1 << 20 });
    if (run.status !== 0) return { result: null, reason: run.stderr.trim().split("\n").pop() ?? "failed" };
    return { result: JSON.parse(run.stdout) as Record<string, unknown> };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function run(): Promise<object> {
  process.stderr.write("generating 1,000,000 × 8 points\n");
  const data = blobs(N, D, 2024);
  process.stderr.write("k-means, 2 threads and 1 thread\n");
  const two = await timeKmeans(data, 2);
  const one = await timeKmeans(data, 1);
  await terminateKmeansWorkers();
  process.stderr.write("scikit-learn\n");
  const sk = sklearn(data);
  let sklearnOut: Record<string, unknown> | null = null;
  let comparison: Record<string, unknown> | null = null;
  if (sk.result) {
    const runs = sk.result["runsMs"] as number[];
    const med = median(runs);
    sklearnOut = { ...sk.result, runsMs: runs.map(Math.round), medianMs: Math.round(med) };
    const inertia = sk.result["inertia"] as number;
    comparison = {
      speedupVsSklearn2Threads: Math.round((med / two.medianMs) * 100) / 100,
      speedupVsSklearn1Thread: Math.round((med / one.medianMs) * 100) / 100,
      sameIterations: sk.result["iterations"] === two.iterations,
      inertiaRelativeDifference: Math.abs(inertia - two.inertia) / inertia,
    };
  }
  process.stderr.write("Ward on 5,000 × 8\n");
  const wardX = matrix(data.slice(0, 5000 * D), 5000, D);
  const wardTimes: number[] = [];
  let linkage = wardLinkage(wardX);
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    linkage = wardLinkage(wardX);
    wardTimes.push(performance.now() - t0);
  }
  const c0 = performance.now();
  const coph = copheneticCorrelation(wardX, linkage);
  const cophMs = performance.now() - c0;
  return {
    kmeans: {
      data: "1,000,000 × 8, 8 overlapping Gaussian-like blobs, seed 2024",
      k: K,
      init: "first 8 rows",
      maxIter: ITER,
      tol: 0,
      tessera2Threads: two,
      tessera1Thread: one,
      targetMs: "no slower than scikit-learn (2 threads)",
    },
    sklearn: sklearnOut,
    ...(sk.reason !== undefined && { reason: sk.reason }),
    comparison,
    ward: {
      points: "5,000 × 8 (first rows of the k-means data)",
      runsMs: wardTimes.map(Math.round),
      medianMs: Math.round(median(wardTimes)),
      targetMs: 2000,
      copheneticCorrelation: coph,
      copheneticMs: Math.round(cophMs),
    },
  };
}
