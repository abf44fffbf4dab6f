import { type SegmentRecord, TesseraError, type TraitNode } from "../../model/index.js";
import { SegmentService } from "../../segments/index.js";
import type { Store } from "../../store/index.js";
import { type ClusterFit, fitClusters, type KScan, scanK } from "../cluster-report.js";
import { matrix } from "../matrix.js";
import { createRng, sampleIndices } from "../prng.js";
import { MAX_POINTS, parseClusterRequest, WARD_MAX_ROWS } from "./cluster-request.js";
import { CLUSTER_TRAIT, writeClusterTrait } from "./cluster-trait.js";
import { type DendrogramNode, dendrogramTree } from "./dendrogram.js";
import { gatherFeatures } from "./feature-rows.js";

const KIND = "cluster_run";

export interface RunCluster {
  id: number;
  name: string;
  size: number;
  share: number;
  profile: Record<string, number>;
  z: Record<string, number>;
  definition: TraitNode;
}

/** What `POST /api/discover/clusters` answers and `GET /api/discover/runs/:id` returns. */
export interface ClusterRun {
  id: string;
  name: string;
  createdAt: string;
  method: "kmeans" | "ward";
  features: string[];
  transform: string[];
  segment: string | null;
  asOf: string;
  k: number;
  /** Profiles clustered, and those left out because a feature was missing or not a number. */
  used: number;
  dropped: number;
  sampled: boolean;
  quality: {
    inertia: number;
    silhouette: number | null;
    daviesBouldin: number | null;
    calinskiHarabasz: number | null;
    copheneticCorrelation?: number | null;
  };
  recommended?: KScan["recommended"];
  elbow?: Array<{ k: number; inertia: number; silhouette: number | null }>;
  pca: ClusterFit["pca"];
  points: Array<{ x: number; y: number; cluster: number }>;
  clusters: RunCluster[];
  dendrogram?: DendrogramNode;
  /** The computed trait the assignment is written to, as a segment condition reads it. */
  trait: string;
}

interface StoredRun extends ClusterRun {
  assignment: { ids: string[]; labels: number[] };
}

export type RunSummary = Pick<
  ClusterRun,
  "id" | "name" | "createdAt" | "method" | "features" | "k" | "used" | "dropped" | "quality" | "segment"
>;

const notFound = (id: string): TesseraError =>
  new TesseraError({ code: "cluster_run_not_found", path: ["id"], message: `no cluster run with id "${id}"` }, 404);

/** Clustering of profiles on their traits, computed traits and event aggregates; runs are kept as definitions. */
export class ClusterRuns {
  readonly segments: SegmentService;

  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {
    this.segments = new SegmentService(store, now);
  }

  /** Runs a clustering, saves it (definitions kind "cluster_run") and writes the assignment to `$cluster.<run>`. */
  async run(raw: unknown): Promise<ClusterRun> {
    const req = parseClusterRequest(raw);
    const at = this.now();
    const asOf = req.asOf ?? at;
    const seed = req.seed ?? 42;
    const only = req.segment === undefined ? undefined : await this.membersOf(req.segment, asOf);
    const rows = await gatherFeatures(this.store, req.features, asOf, only);
    const d = req.features.length;
    const keep: number[] = [];
    rows.values.forEach((v, i) => {
      if (v.every((x) => typeof x === "number" && Number.isFinite(x))) keep.push(i);
    });
    let used = keep;
    const cap = Math.min(req.sample ?? Number.POSITIVE_INFINITY, req.method === "ward" ? WARD_MAX_ROWS : Infinity);
    if (used.length > cap) used = Array.from(sampleIndices(used.length, cap, createRng(seed)), (j) => keep[j]!);
    const n = used.length;
    if (n < 2) {
      throw new TesseraError({
        code: "discover_too_few_profiles",
        path: ["features"],
        message: `only ${n} profile(s) have every feature as a number (${rows.ids.length - keep.length} dropped)`,
      });
    }
    const data = new Float64Array(n * d);
    used.forEach((r, i) => {
      const v = rows.values[r]!;
      for (let j = 0; j < d; j++) data[i * d + j] = v[j] as number;
    });
    const X = matrix(data, n, d);
    const options = {
      method: req.method,
      transforms: req.transform ?? [],
      seed,
      dendrogram: req.method === "ward",
    };
    let k = req.k;
    let scan: KScan | undefined;
    if (k === undefined) {
      const [from, to] = req.kRange ?? [2, 10];
      scan = await scanK(X, Math.min(from, n), Math.min(to, n), options);
      k = scan.recommended.silhouette ?? scan.recommended.elbow ?? Math.min(from, n);
    }
    if (k > n) {
      throw new TesseraError({ code: "cluster_bad_k", path: ["k"], message: `k must be in 1..${n} (profiles)` });
    }
    const { fit, labels, scores } = await fitClusters(X, req.features, k, options);
    const id = await this.newId(at);
    const trait = `$${CLUSTER_TRAIT}.${id}`;
    const ids = used.map((r) => rows.ids[r]!);
    const shown = sampleIndices(n, MAX_POINTS, createRng(seed));
    const run: ClusterRun = {
      id,
      name: req.name ?? id,
      createdAt: new Date(at).toISOString(),
      method: req.method,
      features: req.features,
      transform: req.transform ?? [],
      segment: req.segment ?? null,
      asOf: new Date(asOf).toISOString(),
      k,
      used: n,
      dropped: rows.ids.length - keep.length,
      sampled: n < keep.length,
      quality: {
        inertia: fit.inertia,
        silhouette: fit.silhouette,
        daviesBouldin: fit.daviesBouldin,
        calinskiHarabasz: fit.calinskiHarabasz,
        ...(fit.copheneticCorrelation !== undefined && { copheneticCorrelation: fit.copheneticCorrelation }),
      },
      pca: fit.pca,
      points: Array.from(shown, (i) => ({ x: scores[i * 2]!, y: scores[i * 2 + 1]!, cluster: labels[i]! })),
      clusters: fit.profiles.map((p) => ({
        id: p.label,
        name: p.name,
        size: p.size,
        share: p.share,
        profile: p.means,
        z: p.z,
        definition: { trait, op: "eq", value: p.label },
      })),
      trait,
    };
    if (scan) {
      run.recommended = scan.recommended;
      run.elbow = scan.results.map((r) => ({ k: r.k, inertia: r.inertia, silhouette: r.silhouette }));
    }
    if (fit.linkage) run.dendrogram = dendrogramTree(fit.linkage, n, Math.max(k, 16));
    const stored: StoredRun = { ...run, assignment: { ids, labels: Array.from(labels) } };
    await this.store.run("INSERT INTO definitions VALUES ($1, $2, 1, $3, $4, $5, false)", [
      KIND,
      id,
      run.name,
      JSON.stringify(stored),
      at,
    ]);
    await writeClusterTrait(this.store, id, ids, labels, at);
    return run;
  }

  async list(): Promise<RunSummary[]> {
    const rows = await this.store.all<{ body: string }>(
      `SELECT json_object('id', id, 'name', name, 'createdAt', json_extract(body, '$.createdAt'),
         'method', json_extract(body, '$.method'), 'features', json_extract(body, '$.features'),
         'k', json_extract(body, '$.k'), 'used', json_extract(body, '$.used'), 'dropped', json_extract(body, '$.dropped'),
         'quality', json_extract(body, '$.quality'), 'segment', json_extract(body, '$.segment'))::VARCHAR AS body
       FROM definitions WHERE kind = $1 AND NOT deleted ORDER BY created_at DESC, id DESC`,
      [KIND],
    );
    return rows.map((r) => JSON.parse(r.body) as RunSummary);
  }

  async get(id: string): Promise<ClusterRun> {
    const { assignment: _, ...run } = await this.stored(id);
    return run;
  }

  /**
   * Saves one cluster of a run as a segment: rewrites the run's assignment into `$cluster.<run>` (so the trait
   * matches the run even if it was overwritten) and creates a segment `{trait: "$cluster.<run>", op: "eq", value}`.
   */
  async saveCluster(
    id: string,
    label: number,
    opts: { name?: string; segmentId?: string } = {},
  ): Promise<{ segment: SegmentRecord; size: number }> {
    const run = await this.stored(id);
    const cluster = run.clusters.find((c) => c.id === label);
    if (!cluster) {
      throw new TesseraError(
        {
          code: "cluster_not_found",
          path: ["label"],
          message: `run "${id}" has no cluster ${label} (0..${run.k - 1})`,
        },
        404,
      );
    }
    await writeClusterTrait(this.store, id, run.assignment.ids, run.assignment.labels, this.now());
    const { segment } = await this.segments.create({
      id: opts.segmentId ?? `${id}-${label}`,
      name: opts.name ?? `${run.name}: ${cluster.name}`,
      description: `Cluster ${label} of ${run.method} run ${id} on ${run.features.join(", ")}`,
      definition: cluster.definition,
      tags: ["discover"],
    });
    return { segment, size: cluster.size };
  }

  private async stored(id: string): Promise<StoredRun> {
    const rows = await this.store.all<{ body: string }>(
      "SELECT body FROM definitions WHERE kind = $1 AND id = $2 AND NOT deleted ORDER BY version DESC LIMIT 1",
      [KIND, id],
    );
    const r = rows[0];
    if (!r) throw notFound(id);
    return JSON.parse(r.body) as StoredRun;
  }

  private async membersOf(segmentId: string, asOf: number): Promise<Set<string>> {
    const seg = await this.segments.get(segmentId);
    const r = await this.segments.evaluate(seg.definition, {
      asOf,
      members: true,
      ...(seg.parent !== undefined && { parent: seg.parent }),
    });
    return new Set(r.members ?? []);
  }

  /** `run_<base36 time>` plus a counter on collision; an identifier, so `$cluster.<id>` is a plain JSON path. */
  private async newId(at: number): Promise<string> {
    const base = `run_${at.toString(36)}`;
    const rows = await this.store.all<{ id: string }>("SELECT id FROM definitions WHERE kind = $1 AND id LIKE $2", [
      KIND,
      `${base}%`,
    ]);
    const taken = new Set(rows.map((r) => r.id));
    let id = base;
    for (let i = 2; taken.has(id); i++) id = `${base}_${i}`;
    return id;
  }
}
