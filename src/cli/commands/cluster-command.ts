import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import {
  type ClusterFit,
  type ClusterOptions,
  fitClusters,
  type KScan,
  matrix,
  parseTransforms,
  scanK,
} from "../../discover/index.js";
import { isTesseraError, TesseraError } from "../../model/index.js";
import { action, log, printResult } from "../cli-output.js";
import { type CsvTable, columnIndex, numberCell, readCsvTable } from "../csv-table.js";
import { csvCell, intFlag, numberFlag } from "./discover-flags.js";

interface ClusterFlags {
  features: string;
  idCol?: string;
  transform?: string;
  k?: string;
  kRange?: string;
  method: string;
  init: string;
  nInit: string;
  seed: string;
  maxIter: string;
  tol: string;
  threads?: string;
  labels?: string;
  dendrogram?: boolean;
  json?: boolean;
}

function parseRange(text: string): [number, number] {
  const m = /^\s*(\d+)\s*\.\.\s*(\d+)\s*$/.exec(text);
  if (!m) {
    throw new TesseraError({
      code: "cli_bad_flag",
      path: ["--k-range"],
      message: `--k-range must look like 2..10, got "${text}"`,
    });
  }
  return [Number(m[1]), Number(m[2])];
}

function readFeatures(table: CsvTable, names: string[]) {
  const cols = names.map((f) => columnIndex(table, f, "--features"));
  const n = table.rows.length;
  const d = cols.length;
  // Shared memory from the start: k-means worker threads read it without a copy.
  const data = new Float64Array(new SharedArrayBuffer(n * d * 8));
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) data[i * d + j] = numberCell(table, i, cols[j]!);
  return matrix(data, n, d);
}

function options(flags: ClusterFlags): ClusterOptions {
  const method = flags.method;
  if (method !== "kmeans" && method !== "ward") {
    throw new TesseraError({
      code: "cli_bad_flag",
      path: ["--method"],
      message: `--method is kmeans or ward, got "${method}"`,
    });
  }
  const init = flags.init;
  if (init !== "kmeans++" && init !== "first-k") {
    throw new TesseraError({
      code: "cli_bad_flag",
      path: ["--init"],
      message: `--init is kmeans++ or first-k, got "${init}"`,
    });
  }
  if (flags.dendrogram && method !== "ward") {
    throw new TesseraError({
      code: "cli_bad_flag",
      path: ["--dendrogram"],
      message: "--dendrogram needs --method ward",
    });
  }
  const o: ClusterOptions = {
    method,
    init,
    transforms: parseTransforms(flags.transform),
    nInit: intFlag(flags.nInit, "--n-init", 1),
    seed: intFlag(flags.seed, "--seed", 0),
    maxIter: intFlag(flags.maxIter, "--max-iter", 0),
    tol: numberFlag(flags.tol, "--tol", 0),
    dendrogram: flags.dendrogram === true,
  };
  if (flags.threads !== undefined) o.threads = intFlag(flags.threads, "--threads", 1);
  return o;
}

function writeLabels(
  path: string,
  table: CsvTable,
  idCol: number | null,
  fit: ClusterFit,
  labels: Int32Array,
  xy: Float64Array,
) {
  const lines = [`${idCol === null ? "row" : csvCell(table.columns[idCol]!)},label,name,pc1,pc2`];
  for (let i = 0; i < labels.length; i++) {
    const id = idCol === null ? String(i + 1) : csvCell(table.rows[i]![idCol] ?? "");
    const l = labels[i]!;
    lines.push(`${id},${l},${csvCell(fit.names[l] ?? "")},${xy[i * 2]},${xy[i * 2 + 1]}`);
  }
  writeFileSync(path, `${lines.join("\n")}\n`);
}

const fmt = (v: number | null) => (v === null ? "n/a" : Number.isInteger(v) ? String(v) : v.toFixed(4));

function humanFit(fit: ClusterFit): string {
  const head = `${fit.method} k=${fit.k}: inertia ${fmt(fit.inertia)}, ${fit.iterations} iterations, silhouette ${fmt(
    fit.silhouette,
  )}, Davies–Bouldin ${fmt(fit.daviesBouldin)}, Calinski–Harabasz ${fmt(fit.calinskiHarabasz)} (${fit.timing.fitMs.toFixed(0)} ms)`;
  const rows = fit.profiles.map(
    (p) =>
      `  ${String(p.label).padStart(3)}  ${String(p.size).padStart(8)}  ${(p.share * 100).toFixed(1).padStart(5)}%  ${p.name}`,
  );
  return [head, "  label      size  share  name", ...rows].join("\n");
}

function humanScan(scan: KScan): string {
  const rows = scan.results.map(
    (r) =>
      `  ${String(r.k).padStart(3)}  ${fmt(r.inertia).padStart(14)}  ${fmt(r.silhouette).padStart(10)}  ${fmt(r.daviesBouldin).padStart(8)}  ${fmt(r.calinskiHarabasz).padStart(12)}`,
  );
  return [
    "    k         inertia  silhouette        DB            CH",
    ...rows,
    `recommended: elbow k=${scan.recommended.elbow ?? "n/a"}, silhouette k=${scan.recommended.silhouette ?? "n/a"}`,
  ].join("\n");
}

export function registerClusterCommand(program: Command): void {
  program
    .command("cluster")
    .description("cluster the rows of a CSV file (k-means or Ward) and describe the clusters")
    .argument("<file>", "CSV file with a header row")
    .requiredOption("--features <cols>", "comma-separated numeric columns to cluster on")
    .option("--id-col <col>", "column identifying each row (for --labels)")
    .option("--transform <list>", "transforms applied in order: log1p, zscore (e.g. log1p,zscore)")
    .option("--k <n>", "number of clusters")
    .option("--k-range <a..b>", "fit every k in the range and recommend one")
    .option("--method <m>", "kmeans | ward", "kmeans")
    .option("--init <i>", "kmeans++ | first-k", "kmeans++")
    .option("--n-init <n>", "k-means++ restarts, best inertia kept", "10")
    .option("--seed <n>", "seed of the random generator", "42")
    .option("--max-iter <n>", "maximum Lloyd iterations", "300")
    .option("--tol <x>", "stop when centre shift ≤ tol × mean variance (0: only when no label changes)", "0")
    .option("--threads <n>", "worker threads for k-means (default 2 from 20,000 rows)")
    .option("--labels <out.csv>", "write each row's cluster, name and PCA coordinates")
    .option("--dendrogram", "Ward: include the linkage rows [a, b, distance, size]")
    .option("--data <dir>", "data directory (unused: works on the file)")
    .option("--json", "print one JSON document")
    .action(
      action(async (file: string, flags: ClusterFlags) => {
        if ((flags.k === undefined) === (flags.kRange === undefined)) {
          throw new TesseraError({
            code: "cli_bad_flag",
            path: ["--k"],
            message: "give exactly one of --k N or --k-range A..B",
          });
        }
        const opts = options(flags);
        const table = await readCsvTable(file);
        const features = flags.features
          .split(",")
          .map((f) => f.trim())
          .filter((f) => f !== "");
        const idCol = flags.idCol === undefined ? null : columnIndex(table, flags.idCol, "--id-col");
        const X = readFeatures(table, features);
        if (X.rows === 0) throw new TesseraError({ code: "csv_empty", path: [file], message: `${file}: no data rows` });
        log(`${file}: ${X.rows} rows × ${X.cols} features`);
        try {
          if (flags.kRange !== undefined) {
            const [a, b] = parseRange(flags.kRange);
            const scan = await scanK(X, a, b, opts);
            printResult(flags, scan, () => humanScan(scan));
            return;
          }
          const k = intFlag(flags.k!, "--k", 1);
          const { fit, labels, scores } = await fitClusters(X, features, k, opts);
          if (flags.labels !== undefined) {
            writeLabels(flags.labels, table, idCol, fit, labels, scores);
            log(`wrote ${flags.labels}`);
          }
          printResult(flags, fit, () => humanFit(fit));
        } catch (e) {
          throw locate(e, table, features);
        }
      }),
    );
}

/** Points a transform domain error at the file, line and column it came from. */
function locate(e: unknown, table: CsvTable, features: string[]): unknown {
  if (!isTesseraError(e) || e.code !== "transform_domain") return e;
  const d = e.details as { row: number; col: number; value: number };
  const line = table.lines[d.row] ?? 0;
  const col = features[d.col] ?? "";
  return new TesseraError({
    code: e.code,
    path: [table.file, line, col],
    message: `${table.file}:${line}: column "${col}": ${e.message} (--transform)`,
  });
}
