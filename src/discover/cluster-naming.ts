import type { Matrix } from "./matrix.js";
import { columnMeans, columnStds, labelMeans } from "./matrix.js";

export interface NamingOptions {
  /** Features named per cluster (default 2). */
  maxTerms?: number;
  /** Smallest |z| worth naming (default 0.5 population standard deviations). */
  minZ?: number;
}

export interface ClusterProfile {
  label: number;
  name: string;
  size: number;
  share: number;
  /** Feature means of the cluster, in the units given. */
  means: Record<string, number>;
  /** (cluster mean − population mean) / population standard deviation, per feature. */
  z: Record<string, number>;
}

const pretty = (feature: string): string => feature.replace(/[_-]+/g, " ").trim();

/** Per-cluster z-scores of the feature means against the whole population (0 for a constant feature). */
function zScores(X: Matrix, labels: ArrayLike<number>, k: number) {
  const mean = columnMeans(X);
  const sd = columnStds(X, mean);
  const { means, sizes } = labelMeans(X, labels, k);
  const d = X.cols;
  const z = new Float64Array(k * d);
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++)
      z[c * d + j] = sd[j]! > 0 && sizes[c]! > 0 ? (means[c * d + j]! - mean[j]!) / sd[j]! : 0;
  }
  return { z, means, sizes };
}

/**
 * Names each cluster after the features whose cluster mean deviates most from the population mean in z-units,
 * e.g. "High spend · Low income"; "Typical" when no feature deviates by minZ. Repeated names get " (2)", " (3)".
 */
export function nameClusters(
  X: Matrix,
  labels: ArrayLike<number>,
  k: number,
  features: string[],
  options: NamingOptions = {},
): string[] {
  const maxTerms = options.maxTerms ?? 2;
  const minZ = options.minZ ?? 0.5;
  const d = X.cols;
  const { z } = zScores(X, labels, k);
  const names: string[] = [];
  const seen = new Map<string, number>();
  for (let c = 0; c < k; c++) {
    const order = Array.from({ length: d }, (_, j) => j)
      .filter((j) => Math.abs(z[c * d + j]!) >= minZ)
      .sort((a, b) => Math.abs(z[c * d + b]!) - Math.abs(z[c * d + a]!) || a - b)
      .slice(0, maxTerms);
    let name = order.map((j) => `${z[c * d + j]! > 0 ? "High" : "Low"} ${pretty(features[j] ?? `x${j}`)}`).join(" · ");
    if (name === "") name = "Typical";
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    names.push(times > 1 ? `${name} (${times})` : name);
  }
  return names;
}

/** Size, share, feature means and z-scores of every cluster, with its name. */
export function clusterProfiles(
  X: Matrix,
  labels: ArrayLike<number>,
  k: number,
  features: string[],
  names: string[],
): ClusterProfile[] {
  const d = X.cols;
  const { z, means, sizes } = zScores(X, labels, k);
  return Array.from({ length: k }, (_, c) => {
    const m: Record<string, number> = {};
    const zz: Record<string, number> = {};
    for (let j = 0; j < d; j++) {
      const f = features[j] ?? `x${j}`;
      m[f] = means[c * d + j]!;
      zz[f] = z[c * d + j]!;
    }
    return {
      label: c,
      name: names[c] ?? `Cluster ${c}`,
      size: sizes[c]!,
      share: sizes[c]! / (X.rows || 1),
      means: m,
      z: zz,
    };
  });
}
