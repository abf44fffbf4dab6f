import "../components/chart-kit";
import { useMemo, useState } from "react";
import { apiSend } from "../api/client";
import type { Condition } from "../api/types";
import { useApi } from "../api/use-api";
import { useCatalog } from "../api/use-segments";
import { Chart, type ChartOption } from "../components/chart";
import { Async, ErrorState, fmt, Loading } from "../components/states";
import { navigate, type Route, setQuery } from "../router";

interface ClusterRun {
  k: number;
  elbow?: { k: number; inertia: number; silhouette?: number }[];
  points?: { x: number; y: number; cluster: number }[];
  clusters: { id: number; name?: string; size: number; profile?: Record<string, number>; definition?: Condition }[];
  dendrogram?: { name: string; children?: unknown[] };
}
/** `<kind>_<N>d` aggregates over the N days ending now: Order Completed count and revenue, sessions. */
const EVENT_AGGREGATES = ["orders_180d", "revenue_180d", "sessions_30d"];

interface Power {
  features: string[];
  targets: string[];
  matrix: number[][];
}

/** Clustering on chosen features (elbow/silhouette, PCA scatter, dendrogram, cluster profiles) and attribute power. */
export function DiscoverPage(props: { route: Route }) {
  const catalog = useCatalog();
  const numeric = useMemo(
    () => [
      ...(catalog.data?.traits ?? []).filter((t) => t.type === "number").map((t) => t.key),
      ...(catalog.data?.computedTraits ?? []).filter((t) => t.type === "number").map((t) => `$${t.name}`),

      // Event aggregates the engine computes per profile (docs/discover.md "Features").
      ...EVENT_AGGREGATES,
    ],
    [catalog.data],
  );
  const chosen = (props.route.query.get("features") ?? "").split(",").filter(Boolean);
  const method = props.route.query.get("method") ?? "kmeans";
  const k = Number(props.route.query.get("k") ?? 0) || 0;
  const [run, setRun] = useState<{ result?: ClusterRun; error?: Error; busy: boolean }>({ busy: false });
  const power = useApi<Power>("/api/discover/attribute-power");
  const go = async (): Promise<void> => {
    setRun({ busy: true });
    try {
      // Standardised features: otherwise the one with the widest range (age in years) alone decides the clusters.
      const body = { features: chosen, method, transform: ["zscore"], ...(k ? { k } : { kRange: [2, 10] }) };
      setRun({ result: await apiSend<ClusterRun>("POST", "/api/discover/clusters", body), busy: false });
    } catch (e) {
      setRun({ error: e as Error, busy: false });
    }
  };
  const toggle = (f: string): void => {
    const next = chosen.includes(f) ? chosen.filter((x) => x !== f) : [...chosen, f];
    setQuery({ features: next.join(",") || undefined });
  };
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Discover</h1>
          <div className="muted">Let the data propose segments: cluster profiles on the features you choose.</div>
        </div>
      </div>
      <section className="card" aria-label="Clustering setup">
        <h2>Features</h2>
        <Async state={catalog} what="Features">
          {() => (
            <fieldset className="row" aria-label="Features to cluster on">
              {numeric.map((f) => (
                <button
                  key={f}
                  type="button"
                  className={`chip ${chosen.includes(f) ? "on" : ""}`}
                  aria-pressed={chosen.includes(f)}
                  onClick={() => toggle(f)}
                >
                  {f}
                </button>
              ))}
            </fieldset>
          )}
        </Async>
        <div className="row" style={{ marginTop: 12 }}>
          <select aria-label="Clustering method" value={method} onChange={(e) => setQuery({ method: e.target.value })}>
            <option value="kmeans">k-means</option>
            <option value="ward">Ward (hierarchical)</option>
          </select>
          <input
            className="w-s"
            type="number"
            min={0}
            max={20}
            aria-label="Number of clusters (0 = choose automatically)"
            value={k}
            onChange={(e) => setQuery({ k: e.target.value })}
          />
          <button
            type="button"
            className="btn primary"
            disabled={chosen.length < 1 || run.busy}
            onClick={() => void go()}
          >
            {run.busy ? "Clustering…" : "Run clustering"}
          </button>
        </div>
      </section>
      {run.busy && <Loading label="Clustering…" />}
      {run.error && <ErrorState error={run.error} what="Clustering" />}
      {run.result && <ClusterResult r={run.result} />}
      <section className="card" aria-label="Attribute predictive power">
        <h2>Attribute predictive power</h2>
        <Async state={power} what="Attribute power">
          {(p) => <PowerMatrix p={p} />}
        </Async>
      </section>
    </div>
  );
}

function ClusterResult(props: { r: ClusterRun }) {
  const r = props.r;
  const elbow = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 56, right: 56, top: 32, bottom: 28 },
      xAxis: { type: "category", name: "k", data: (r.elbow ?? []).map((e) => e.k) },
      yAxis: [
        { type: "value", name: "inertia" },
        { type: "value", name: "silhouette", min: -1, max: 1 },
      ],
      series: [
        { type: "line", name: "Inertia", data: (r.elbow ?? []).map((e) => e.inertia) },
        { type: "line", name: "Silhouette", yAxisIndex: 1, data: (r.elbow ?? []).map((e) => e.silhouette ?? null) },
      ],
    }),
    [r],
  );
  const scatter = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "item" },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: "value", name: "PC1", splitLine: { lineStyle: { color: "#eef0f6" } } },
      yAxis: { type: "value", name: "PC2", splitLine: { lineStyle: { color: "#eef0f6" } } },
      series: r.clusters.map((c) => ({
        type: "scatter",
        name: c.name ?? `Cluster ${c.id}`,
        symbolSize: 4,
        data: (r.points ?? []).filter((p) => p.cluster === c.id).map((p) => [p.x, p.y]),
      })),
    }),
    [r],
  );
  const dendro = useMemo<ChartOption | null>(
    () =>
      r.dendrogram
        ? {
            series: [
              {
                type: "tree",
                data: [r.dendrogram],
                orient: "TB",
                symbolSize: 4,
                label: { fontSize: 10 },
                expandAndCollapse: false,
              },
            ],
          }
        : null,
    [r],
  );
  const save = async (c: ClusterRun["clusters"][number]): Promise<void> => {
    if (!c.definition) return;
    const name = c.name ?? `Cluster ${c.id}`;
    navigate(["builder"], { def: JSON.stringify(c.definition), name });
  };
  return (
    <>
      <div className="grid-2">
        {r.elbow && (
          <section className="card">
            <h2>Elbow and silhouette</h2>
            <Chart option={elbow} label="Inertia and silhouette score by number of clusters" height={280} />
          </section>
        )}
        {r.points && (
          <section className="card">
            <h2>Clusters on the first two principal components</h2>
            <Chart option={scatter} label="Scatter of profiles on PC1 and PC2 coloured by cluster" height={280} />
          </section>
        )}
      </div>
      {dendro && (
        <section className="card">
          <h2>Dendrogram (Ward)</h2>
          <Chart option={dendro} label="Dendrogram of the Ward clustering" height={320} />
        </section>
      )}
      <section className="card" aria-label="Cluster profiles">
        <h2>Clusters (k = {r.k})</h2>
        <table className="data">
          <thead>
            <tr>
              <th>Cluster</th>
              <th className="num">Size</th>
              <th>Profile (feature means)</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {r.clusters.map((c) => (
              <tr key={c.id}>
                <td>{c.name ?? `Cluster ${c.id}`}</td>
                <td className="num">{fmt.format(c.size)}</td>
                <td className="small">
                  {Object.entries(c.profile ?? {})
                    .map(([f, v]) => `${f} ${v.toFixed(2)}`)
                    .join(" · ")}
                </td>
                <td>
                  <button type="button" className="btn small" disabled={!c.definition} onClick={() => void save(c)}>
                    Save as segment
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function PowerMatrix(props: { p: Power }) {
  const { p } = props;
  const option = useMemo<ChartOption>(() => {
    const data: [number, number, number][] = [];
    p.matrix.forEach((row, i) => {
      row.forEach((v, j) => {
        data.push([j, i, Math.round(v * 1000) / 1000]);
      });
    });
    return {
      tooltip: {},
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: p.targets, axisLabel: { rotate: 30 } },
      yAxis: { type: "category", data: p.features },
      visualMap: {
        min: 0,
        max: Math.max(0.01, ...p.matrix.flat()),
        show: false,
        inRange: { color: ["#f8fafc", "#4f46e5"] },
      },
      series: [{ type: "heatmap", data, label: { show: true, fontSize: 10 } }],
    };
  }, [p]);
  return (
    <Chart
      option={option}
      label="Predictive power of each attribute for each target"
      height={Math.max(200, 28 * p.features.length)}
    />
  );
}
