import { useMemo } from "react";
import { q } from "../../api/client";
import { listOf, type SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { Chart, type ChartOption } from "../../components/chart";
import { GenericTable } from "../../components/generic-table";
import { Async, fmt } from "../../components/states";

interface Sankey {
  nodes: { name: string }[];
  links: { source: string; target: string; value: number }[];
}
interface Funnel {
  steps: { event: string; count: number }[];
}
interface Lift {
  lift: number;
  ci: [number, number];
  pValue?: number;
  treated?: { n: number; rate: number };
  control?: { n: number; rate: number };
}
type Named = { name?: string; channel?: string; product?: string; share?: number; score?: number; value?: number };

/**
 * Views computed by the measure/intel modules. Each calls its endpoint (docs/ui.md, "API the UI expects") and shows
 * "not available yet" while the server has no such route.
 */
export function InsightsTab(props: { segment: SegmentRecord }) {
  const base = `/api/segments/${q(props.segment.id)}`;
  const journeys = useApi<Sankey>(`${base}/journeys`);
  const funnel = useApi<Funnel>(`${base}/funnel`);
  const channels = useApi<unknown>(`${base}/channels`);
  const recs = useApi<unknown>(`${base}/recommendations`);
  const lift = useApi<Lift>(`${base}/lift`);
  const drift = useApi<unknown>(`${base}/drift`);
  return (
    <div className="grid-2">
      <div className="card" style={{ gridColumn: "1 / -1" }}>
        <h2>Journeys</h2>
        <Async state={journeys} what="Journeys">
          {(s) => <SankeyChart s={s} />}
        </Async>
      </div>
      <div className="card">
        <h2>Funnel drop-offs</h2>
        <Async state={funnel} what="Funnel">
          {(f) => <FunnelChart f={f} />}
        </Async>
      </div>
      <div className="card">
        <h2>Holdout lift</h2>
        <Async state={lift} what="Holdout lift">
          {(l) => (
            <div className="kpis">
              <div className="kpi">
                <div className="v">{`${l.lift >= 0 ? "+" : ""}${(l.lift * 100).toFixed(1)} %`}</div>
                <div className="l">
                  lift, 95 % CI [{(l.ci[0] * 100).toFixed(1)} %, {(l.ci[1] * 100).toFixed(1)} %]
                </div>
              </div>
              {l.pValue !== undefined && (
                <div className="kpi">
                  <div className="v">{l.pValue < 0.001 ? "< 0.001" : l.pValue.toFixed(3)}</div>
                  <div className="l">p-value</div>
                </div>
              )}
            </div>
          )}
        </Async>
      </div>
      <div className="card">
        <h2>Channel mix</h2>
        <Async state={channels} what="Channel mix">
          {(b) => <ShareBars rows={listOf<Named>(b, "channels")} label="Channel mix of members" />}
        </Async>
      </div>
      <div className="card">
        <h2>Top products</h2>
        <Async state={recs} what="Recommendations">
          {(b) => <ShareBars rows={listOf<Named>(b, "products")} label="Top recommended products" />}
        </Async>
      </div>
      <div className="card" style={{ gridColumn: "1 / -1" }}>
        <h2>Drift alerts</h2>
        <Async state={drift} what="Drift alerts">
          {(b) => <GenericTable rows={listOf<Record<string, unknown>>(b, "alerts")} label="Drift alerts" />}
        </Async>
      </div>
    </div>
  );
}

function SankeyChart(props: { s: Sankey }) {
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "item" },
      series: [
        {
          type: "sankey",
          data: props.s.nodes,
          links: props.s.links,
          emphasis: { focus: "adjacency" },
          lineStyle: { color: "gradient", opacity: 0.4 },
          label: { fontSize: 11 },
        },
      ],
    }),
    [props.s],
  );
  return <Chart option={option} label="Sankey diagram of member journeys between events" height={360} />;
}

function FunnelChart(props: { f: Funnel }) {
  const steps = props.f.steps;
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", inverse: true, data: steps.map((s) => s.event) },
      series: [
        {
          type: "bar",
          data: steps.map((s) => s.count),
          label: {
            show: true,
            position: "right",
            formatter: (p: { dataIndex: number; value: number }) =>
              p.dataIndex && steps[0]?.count
                ? `${((100 * p.value) / steps[0].count).toFixed(0)} %`
                : fmt.format(p.value),
          },
        },
      ],
    }),
    [steps],
  );
  return <Chart option={option} label="Funnel: members reaching each step" height={260} />;
}

function ShareBars(props: { rows: Named[]; label: string }) {
  const rows = props.rows.slice(0, 12);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", splitLine: { lineStyle: { color: "#eef0f6" } } },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.name ?? r.channel ?? r.product ?? "") },
      series: [{ type: "bar", data: rows.map((r) => r.share ?? r.score ?? r.value ?? 0), barMaxWidth: 14 }],
    }),
    [rows],
  );
  if (!rows.length) return <p className="muted">Nothing to show.</p>;
  return <Chart option={option} label={props.label} height={260} />;
}
