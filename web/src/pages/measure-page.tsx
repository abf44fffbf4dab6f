import "../components/chart-kit";
import { useMemo } from "react";
import { q } from "../api/client";
import { listOf } from "../api/types";
import { useApi } from "../api/use-api";
import { useSegments } from "../api/use-segments";
import { Chart, type ChartOption } from "../components/chart";
import { GenericTable } from "../components/generic-table";
import { Async } from "../components/states";
import { type Route, setQuery } from "../router";

interface Experiment {
  id: string;
  name?: string;
  status?: string;
  lift?: number;
  ci?: [number, number];
  pValue?: number;
  [k: string]: unknown;
}
type ChannelRow = { channel: string } & Record<string, number | string>;

/** Experiments and holdouts, attribution per channel (Markov vs heuristics), KPI comparison across segments. */
export function MeasurePage(props: { route: Route }) {
  const { rows } = useSegments();
  const seg = props.route.query.get("segment") ?? "";
  const top = useMemo(
    () =>
      (rows ?? [])
        .sort((a, b) => b.size - a.size)
        .slice(0, 8)
        .map((r) => r.id),
    [rows],
  );
  const experiments = useApi<unknown>("/api/experiments");
  const kpis = useApi<unknown>(top.length ? `/api/kpis?segments=${top.map(q).join(",")}` : null);
  const attribution = useApi<unknown>(`/api/attribution${seg ? `?segment=${q(seg)}` : ""}`);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Measure</h1>
          <div className="muted">Did it work? Experiments, holdouts, attribution and KPIs.</div>
        </div>
        <label className="row small muted">
          Segment
          <select
            aria-label="Segment for attribution"
            value={seg}
            onChange={(e) => setQuery({ segment: e.target.value || undefined })}
          >
            <option value="">All profiles</option>
            {(rows ?? []).map((r) => (
              <option key={r.id} value={r.id}>
                {r.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <section className="card" aria-label="Experiments and holdouts">
        <h2>Experiments and holdouts</h2>
        <Async state={experiments} what="Experiments">
          {(b) => <ExperimentChart list={listOf<Experiment>(b, "experiments")} />}
        </Async>
      </section>
      <div className="grid-2">
        <section className="card" aria-label="Attribution per channel">
          <h2>Attribution per channel</h2>
          <Async state={attribution} what="Attribution">
            {(b) => <AttributionChart rows={listOf<ChannelRow>(b, "channels")} />}
          </Async>
        </section>
        <section className="card" aria-label="KPI comparison across segments">
          <h2>KPIs across segments</h2>
          <Async state={kpis} what="KPIs">
            {(b) => <GenericTable rows={listOf<Record<string, unknown>>(b, "segments")} label="KPIs per segment" />}
          </Async>
        </section>
      </div>
    </div>
  );
}

function ExperimentChart(props: { list: Experiment[] }) {
  const withCi = props.list.filter((e) => e.ci && typeof e.lift === "number");
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => `${(v * 100).toFixed(0)} %` } },
      yAxis: { type: "category", inverse: true, data: withCi.map((e) => e.name ?? e.id) },
      series: [
        {
          type: "bar",
          stack: "ci",
          data: withCi.map((e) => e.ci![0]),
          itemStyle: { color: "transparent" },
          tooltip: { show: false },
        },
        {
          type: "bar",
          stack: "ci",
          name: "95 % CI",
          data: withCi.map((e) => e.ci![1] - e.ci![0]),
          itemStyle: { color: "#c7d2fe" },
          barMaxWidth: 14,
        },
        {
          type: "scatter",
          name: "Lift",
          data: withCi.map((e) => e.lift),
          itemStyle: { color: "#4f46e5" },
          symbolSize: 10,
        },
      ],
    }),
    [withCi],
  );
  return (
    <>
      {withCi.length > 0 && (
        <Chart
          option={option}
          label="Lift of each experiment with its 95 % confidence interval"
          height={40 + 36 * withCi.length}
        />
      )}
      <GenericTable rows={props.list} label="Experiments" />
    </>
  );
}

function AttributionChart(props: { rows: ChannelRow[] }) {
  const models = useMemo(
    () => [
      ...new Set(props.rows.flatMap((r) => Object.keys(r).filter((k) => k !== "channel" && typeof r[k] === "number"))),
    ],
    [props.rows],
  );
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: props.rows.map((r) => r.channel) },
      yAxis: { type: "value", splitLine: { lineStyle: { color: "#eef0f6" } } },
      series: models.map((m) => ({ type: "bar", name: m, data: props.rows.map((r) => r[m]) })),
    }),
    [props.rows, models],
  );
  if (!props.rows.length) return <p className="muted">No conversions to attribute.</p>;
  return (
    <Chart
      option={option}
      label="Conversions attributed to each channel by model (Markov and heuristics)"
      height={300}
    />
  );
}
