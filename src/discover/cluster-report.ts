import { TesseraError } from "../model/index.js";
import { calinskiHarabasz, daviesBouldin, silhouette } from "./cluster-metrics.js";
import { type ClusterProfile, clusterProfiles, nameClusters } from "./cluster-naming.js";
import { copheneticCorrelation } from "./cophenetic.js";
import { bestSilhouetteK, elbowK } from "./k-selection.js";
import { kmeans } from "./kmeans.js";
import type { Matrix } from "./matrix.js";
import { labelMeans, sqDist } from "./matrix.js";
import { pca } from "./pca.js";
import { applyTransforms, inverseTransform, type TransformKind } from "./transforms.js";
import { cutTree, type Linkage, wardLinkage } from "./ward.js";

export type ClusterMethod = "kmeans" | "ward";

export interface ClusterOptions {
  method?: ClusterMethod;
  transforms?: TransformKind[];
  init?: "kmeans++" | "first-k";
  nInit?: number;
  seed?: number;
  maxIter?: number;
  tol?: number;
  threads?: number;
  /** Ward only: include the linkage rows. */
  dendrogram?: boolean;
}

export interface ClusterFit {
  method: ClusterMethod;
  k: number;
  inertia: number;
  iterations: number;
  sizes: number[];
  centers: number[][];
  centersOriginal: number[][];
  silhouette: number | null;
  daviesBouldin: number | null;
  calinskiHarabasz: number | null;
  names: string[];
  profiles: ClusterProfile[];
  pca: { explainedVarianceRatio: number[]; components: number[][]; centers: number[][] };
  copheneticCorrelation?: number | null;
  linkage?: Linkage;
  timing: { fitMs: number };
}

export interface KScan {
  results: Array<{
    k: number;
    inertia: number;
    silhouette: number | null;
    daviesBouldin: number | null;
    calinskiHarabasz: number | null;
  }>;
  recommended: { elbow: number | null; silhouette: number | null };
}

const rowsOf = (flat: Float64Array, d: number): number[][] =>
  Array.from({ length: flat.length / d }, (_, i) => Array.from(flat.subarray(i * d, i * d + d)));

function inertiaOf(X: Matrix, labels: Int32Array, centers: Float64Array): number {
  let s = 0;
  for (let i = 0; i < X.rows; i++) s += sqDist(X.data, i, centers, labels[i]!, X.cols);
  return s;
}

function checkK(k: number, n: number, flag: string): void {
  if (!Number.isInteger(k) || k < 1 || k > n) {
    throw new TesseraError({
      code: "cluster_bad_k",
      path: [flag],
      message: `${flag} must be in 1..${n} (rows), got ${k}`,
    });
  }
}

/** Clusters the rows into k groups and describes the result: quality metrics, names, profiles, a PCA map. */
export async function fitClusters(
  original: Matrix,
  features: string[],
  k: number,
  options: ClusterOptions = {},
): Promise<{ fit: ClusterFit; labels: Int32Array; scores: Float64Array }> {
  const method = options.method ?? "kmeans";
  checkK(k, original.rows, "--k");
  const { X, steps } = applyTransforms(original, options.transforms ?? []);
  const d = X.cols;
  const started = performance.now();
  let labels: Int32Array;
  let centers: Float64Array;
  let inertia: number;
  let iterations: number;
  let linkage: Linkage | undefined;
  if (method === "kmeans") {
    const r = await kmeans(X, kmeansOptions(k, options));
    ({ labels, centers, inertia, iterations } = r);
  } else {
    linkage = wardLinkage(X);
    labels = cutTree(linkage, X.rows, k);
    centers = labelMeans(X, labels, k).means;
    inertia = inertiaOf(X, labels, centers);
    iterations = linkage.length;
  }
  const fitMs = performance.now() - started;
  const sizes = new Array<number>(k).fill(0);
  for (let i = 0; i < labels.length; i++) sizes[labels[i]!]!++;
  const names = nameClusters(original, labels, k, features);
  const map = pca(X, 2);
  const m = map.components.length;
  const centers2d = rowsOf(centers, d).map((c) =>
    map.components.map((axis) => axis.reduce((s, a, j) => s + a * (c[j]! - map.mean[j]!), 0)),
  );
  const fit: ClusterFit = {
    method,
    k,
    inertia,
    iterations,
    sizes,
    centers: rowsOf(centers, d),
    centersOriginal: rowsOf(inverseTransform(centers, d, steps), d),
    silhouette: silhouette(X, labels, options.seed ?? 42),
    daviesBouldin: daviesBouldin(X, labels),
    calinskiHarabasz: calinskiHarabasz(X, labels),
    names,
    profiles: clusterProfiles(original, labels, k, features, names),
    pca: { explainedVarianceRatio: map.explainedVarianceRatio, components: map.components, centers: centers2d },
    timing: { fitMs },
  };
  if (linkage !== undefined) {
    fit.copheneticCorrelation = copheneticCorrelation(X, linkage, options.seed ?? 42);
    if (options.dendrogram) fit.linkage = linkage;
  }
  return { fit, labels, scores: m === 2 ? map.scores : padScores(map.scores, X.rows, m) };
}

const padScores = (scores: Float64Array, n: number, m: number): Float64Array => {
  const out = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) for (let c = 0; c < m; c++) out[i * 2 + c] = scores[i * m + c]!;
  return out;
};

const kmeansOptions = (k: number, o: ClusterOptions) => ({
  k,
  ...(o.init !== undefined && { init: o.init }),
  ...(o.nInit !== undefined && { nInit: o.nInit }),
  ...(o.seed !== undefined && { seed: o.seed }),
  ...(o.maxIter !== undefined && { maxIter: o.maxIter }),
  ...(o.tol !== undefined && { tol: o.tol }),
  ...(o.threads !== undefined && { threads: o.threads }),
});

/** Fits every k in [from, to] and recommends one by the elbow of the inertia curve and by the best silhouette. */
export async function scanK(original: Matrix, from: number, to: number, options: ClusterOptions = {}): Promise<KScan> {
  checkK(from, original.rows, "--k-range");
  checkK(to, original.rows, "--k-range");
  if (from > to) {
    throw new TesseraError({
      code: "cluster_bad_k",
      path: ["--k-range"],
      message: `--k-range ${from}..${to} is empty`,
    });
  }
  const { X } = applyTransforms(original, options.transforms ?? []);
  const linkage = (options.method ?? "kmeans") === "ward" ? wardLinkage(X) : null;
  const results: KScan["results"] = [];
  for (let k = from; k <= to; k++) {
    let labels: Int32Array;
    let inertia: number;
    if (linkage) {
      labels = cutTree(linkage, X.rows, k);
      inertia = inertiaOf(X, labels, labelMeans(X, labels, k).means);
    } else {
      ({ labels, inertia } = await kmeans(X, kmeansOptions(k, options)));
    }
    results.push({
      k,
      inertia,
      silhouette: silhouette(X, labels, options.seed ?? 42),
      daviesBouldin: daviesBouldin(X, labels),
      calinskiHarabasz: calinskiHarabasz(X, labels),
    });
  }
  const ks = results.map((r) => r.k);
  return {
    results,
    recommended: {
      elbow: elbowK(
        ks,
        results.map((r) => r.inertia),
      ),
      silhouette: bestSilhouetteK(
        ks,
        results.map((r) => r.silhouette),
      ),
    },
  };
}
