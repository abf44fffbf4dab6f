import "../components/chart-kit";
import { useMemo } from "react";
import { q } from "../api/client";
import { listOf } from "../api/types";
import { useApi } from "../api/use-api";
import { useSegments } from "../api/use-segments";
import { Chart, type ChartOption } from "../components/chart";
import { GenericTable } from "../components/generic-table";
import { Async, fmt } from "../components/states";
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
/** Credited conversions per model (removalEffect is a probability, not a credit, so it is left out of the bars). */
const MODELS = ["markov", "firstTouch", "lastTouch", "linear", "positionBased", "timeDecay"];

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
  const kpis = useApi<KpiCompare>(top.length ? `/api/kpis/compare?segments=${top.map(q).join(",")}` : null);
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
          {(b) => (
            <Experiments
              list={listOf<Experiment>(b, "experiments")}
              selected={props.route.query.get("experiment") ?? ""}
            />
          )}
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
            {(b) => <KpiTable k={b} names={new Map((rows ?? []).map((r) => [r.id, r.name]))} />}
          </Async>
        </section>
      </div>
    </div>
  );
}

interface KpiTotals {
  conversionRate: number | null;
  revenuePerMember: number | null;
  averageOrderValue: number | null;
  churnRate: number | null;
}
interface KpiCompare {
  population: { members: number; totals: KpiTotals };
  segments: { segment: string; members: number; totals: KpiTotals; index: Record<string, number | null> }[];
}

const rate = (v: number | null): string => (v === null ? "–" : `${(v * 100).toFixed(1)} %`);
const money = (v: number | null): string => (v === null ? "–" : fmt.format(Math.round(v * 100) / 100));

function KpiTable(props: { k: KpiCompare; names: Map<string, string> }) {
  const rows = [
    {
      id: "(population)",
      members: props.k.population.members,
      t: props.k.population.totals,
      idx: null as number | null,
    },
    ...props.k.segments.map((s) => ({
      id: s.segment,
      members: s.members,
      t: s.totals,
      idx: s.index["revenuePerMember"] ?? null,
    })),
  ];
  return (
    <table className="data" aria-label="KPIs per segment">
      <thead>
        <tr>
          <th>Segment</th>
          <th className="num">Members</th>
          <th className="num">Conversion</th>
          <th className="num">Revenue / member</th>
          <th className="num">AOV</th>
          <th className="num">Churn</th>
          <th className="num">Index (rev.)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id}>
            <td>{props.names.get(r.id) ?? r.id}</td>
            <td className="num">{fmt.format(r.members)}</td>
            <td className="num">{rate(r.t.conversionRate)}</td>
            <td className="num">{money(r.t.revenuePerMember)}</td>
            <td className="num">{money(r.t.averageOrderValue)}</td>
            <td className="num">{rate(r.t.churnRate)}</td>
            <td className="num">{r.idx === null ? "" : Math.round(r.idx * 100)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Experiments(props: { list: Experiment[]; selected: string }) {
  const id = props.selected || props.list[0]?.id || "";
  const results = useApi<Record<string, unknown>>(id ? `/api/experiments/${q(id)}/results` : null);
  if (!props.list.length) return <p className="muted">No experiments defined yet.</p>;
  return (
    <div className="page">
      <label className="row">
        <span className="small muted">Experiment</span>
        <select aria-label="Experiment" value={id} onChange={(e) => setQuery({ experiment: e.target.value })}>
          {props.list.map((e) => (
            <option key={e.id} value={e.id}>
              {e.name ?? e.id}
            </option>
          ))}
        </select>
      </label>
      <Async state={results} what="Experiment results">
        {(r) => (
          <>
            <GenericTable rows={listOf<Record<string, unknown>>(r, "arms")} label="Experiment arms" />
            <GenericTable
              rows={[
                Object.fromEntries(
                  Object.entries((r["analysis"] ?? {}) as Record<string, unknown>).filter(
                    ([, v]) => typeof v !== "object" || v === null,
                  ),
                ),
              ]}
              label="Experiment analysis"
            />
          </>
        )}
      </Async>
    </div>
  );
}

function AttributionChart(props: { rows: ChannelRow[] }) {
  const models = useMemo(() => MODELS.filter((m) => props.rows.some((r) => typeof r[m] === "number")), [props.rows]);
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
