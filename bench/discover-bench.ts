/**
 * Discovery benchmark: k-means on 1,000,000 × 8 points (k = 8, first-k init, 20 Lloyd iterations, tol 0; the data
 * does not converge sooner) with 2 worker threads and with 1, against scikit-learn's KMeans (algorithm="lloyd",
 * same init rows, n_init=1, max_iter=20, tol=0, 2 threads via threadpoolctl) on the same bytes in the same run,
 * in alternating rounds; and Ward linkage on 5,000 × 8 points.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import {
  copheneticCorrelation,
  createRng,
  kmeans,
  matrix,
  terminateKmeansWorkers,
  wardLinkage,
} from "../src/discover/index.js";

const N = 1_000_000;
const D = 8;
const K = 8;
const ITER = 20;
const RUNS = 3;
const ROUNDS = 5;

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

/** A long-lived python process: fits once per "run" line on stdin and answers one JSON line. */
const sklearnScript = `
import json, sys, time
import numpy as np
from threadpoolctl import threadpool_limits
import sklearn
from sklearn.cluster import KMeans
X = np.fromfile(sys.argv[1], dtype="<f8").reshape(${N}, ${D})
print(json.dumps({"ready": True, "version": sklearn.__version__}), flush=True)
for line in sys.stdin:
    with threadpool_limits(limits=2):
        t = time.perf_counter()
        c = time.process_time()
        km = KMeans(n_clusters=${K}, init=X[:${K}].copy(), n_init=1, max_iter=${ITER}, tol=0, algorithm="lloyd").fit(X)
        ms = (time.perf_counter() - t) * 1000
        cpu = (time.process_time() - c) * 1000
    print(json.dumps({"ms": ms, "cpuMs": cpu, "inertia": float(km.inertia_), "iterations": int(km.n_iter_)}), flush=True)
`;

function python(): string {
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

interface Sklearn {
  version: string;
  fit(): Promise<{ ms: number; cpuMs: number; inertia: number; iterations: number }>;
  close(): void;
}

/** Starts scikit-learn on the same bytes, or explains why it cannot. */
async function startSklearn(data: Float64Array, dir: string): Promise<Sklearn | string> {
  const py = python();
  const probe = spawnSync(py, ["-c", "import sklearn, threadpoolctl, numpy"], { encoding: "utf8" });
  if (probe.status !== 0) return `${py}: ${(probe.stderr || "cannot run").trim().split("\n").pop()}`;
  const bin = join(dir, "X.bin");
  writeFileSync(bin, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  const script = join(dir, "bench.py");
  writeFileSync(script, sklearnScript);
  const child = spawn(py, [script, bin], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => {
    const r = await lines.next();
    if (r.done) throw new Error("scikit-learn process ended");
    return JSON.parse(r.value) as Record<string, unknown>;
  };
  const hello = await next();
  return {
    version: String(hello["version"]),
    fit: async () => {
      child.stdin.write("run\n");
      return (await next()) as { ms: number; cpuMs: number; inertia: number; iterations: number };
    },
    close: () => child.stdin.end(),
  };
}

export async function run(): Promise<object> {
  process.stderr.write("generating 1,000,000 × 8 points\n");
  const data = blobs(N, D, 2024);
  const X = matrix(data, N, D);
  const dir = mkdtempSync(join(tmpdir(), "tessera-kmeans-"));
  const sk = await startSklearn(data, dir);
  // Rounds alternate Tessera (2 threads) and scikit-learn so both see the same machine load.
  const ours: number[] = [];
  const oursCpu: number[] = [];
  const theirs: number[] = [];
  const theirsCpu: number[] = [];
  let mine = { inertia: 0, iterations: 0 };
  let skLast = { inertia: 0, iterations: 0 };
  for (let r = 0; r < ROUNDS; r++) {
    process.stderr.write(`round ${r + 1}/${ROUNDS}\n`);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    const res = await kmeans(X, { k: K, init: "first-k", maxIter: ITER, tol: 0, threads: 2 });
    ours.push(performance.now() - t0);
    const cu = process.cpuUsage(c0);
    oursCpu.push((cu.user + cu.system) / 1000);
    mine = { inertia: res.inertia, iterations: res.iterations };
    if (typeof sk !== "string") {
      const f = await sk.fit();
      theirs.push(f.ms);
      theirsCpu.push(f.cpuMs);
      skLast = { inertia: f.inertia, iterations: f.iterations };
    }
  }
  if (typeof sk !== "string") sk.close();
  rmSync(dir, { recursive: true, force: true });
  const single: number[] = [];
  for (let r = 0; r < 2; r++) {
    const t0 = performance.now();
    await kmeans(X, { k: K, init: "first-k", maxIter: ITER, tol: 0, threads: 1 });
    single.push(performance.now() - t0);
  }
  await terminateKmeansWorkers();
  const two = {
    threads: 2,
    runsMs: ours.map(Math.round),
    medianMs: Math.round(median(ours)),
    cpuMs: oursCpu.map(Math.round),
    medianCpuMs: Math.round(median(oursCpu)),
    ...mine,
  };
  const one = { threads: 1, runsMs: single.map(Math.round), medianMs: Math.round(median(single)) };
  let sklearnOut: Record<string, unknown> | null = null;
  let comparison: Record<string, unknown> | null = null;
  if (typeof sk !== "string") {
    const med = median(theirs);
    sklearnOut = {
      version: sk.version,
      threads: 2,
      runsMs: theirs.map(Math.round),
      medianMs: Math.round(med),
      cpuMs: theirsCpu.map(Math.round),
      medianCpuMs: Math.round(median(theirsCpu)),
      ...skLast,
    };
    comparison = {
      speedupVsSklearn: Math.round((med / median(ours)) * 100) / 100,
      cpuRatio: Math.round((median(theirsCpu) / median(oursCpu)) * 100) / 100,
      note: "speedupVsSklearn = scikit-learn median wall time / Tessera median wall time (2 threads each, alternating rounds); cpuRatio = the same with process CPU time (all threads), less sensitive to other load on a shared machine; > 1 means Tessera is faster",
      loadAverage: loadavg().map((x) => Math.round(x * 100) / 100),
      sameIterations: skLast.iterations === mine.iterations,
      inertiaRelativeDifference: Math.abs(skLast.inertia - mine.inertia) / skLast.inertia,
    };
  }
  process.stderr.write("Ward on 5,000 × 8\n");
  const wardX = matrix(data.slice(0, 5000 * D), 5000, D);
  const wardTimes: number[] = [];
  const wardCpu: number[] = [];
  let linkage = wardLinkage(wardX);
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    linkage = wardLinkage(wardX);
    wardTimes.push(performance.now() - t0);
    const cu = process.cpuUsage(c0);
    wardCpu.push((cu.user + cu.system) / 1000);
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
      target: "no slower than scikit-learn (2 threads)",
    },
    sklearn: sklearnOut,
    ...(typeof sk === "string" && { reason: sk }),
    comparison,
    ward: {
      points: "5,000 × 8 (first rows of the k-means data)",
      runsMs: wardTimes.map(Math.round),
      medianMs: Math.round(median(wardTimes)),
      cpuMs: wardCpu.map(Math.round),
      targetMs: 2000,
      copheneticCorrelation: coph,
      copheneticMs: Math.round(cophMs),
    },
  };
}
