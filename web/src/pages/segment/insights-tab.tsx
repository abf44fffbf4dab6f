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
interface Journeys {
  customers: number;
  funnel: { step: string; count: number; conversion: number; dropOff: number }[] | null;
  sankey: Sankey;
}
interface Lift {
  treated: { n: number; conversions: number };
  control: { n: number; conversions: number };
  conversion: string;
  lift: {
    treatedRate: number;
    holdoutRate: number;
    absolute: { value: number; ci95: [number, number] };
    relative: { value: number; ci95: [number, number] } | null;
    pValue: number;
  };
}
type Named = { name?: string; channel?: string; product?: string; share?: number; score?: number; markov?: number };

const FUNNEL = ["Product Viewed", "Product Added", "Checkout Started", "Order Completed"];
const signed = (x: number): string => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;

/**
 * Views computed by the measure/intel modules over this segment's members: journeys and funnel, holdout lift,
 * channel mix (Markov-attributed conversions), top products, drift alerts. A route the server lacks renders as
 * "not available yet"; a segment without a holdout says so.
 */
export function InsightsTab(props: { segment: SegmentRecord }) {
  const id = q(props.segment.id);
  const journeys = useApi<Journeys>(`/api/journeys?segment=${id}&funnel=${q(FUNNEL.join(">"))}`);
  const channels = useApi<unknown>(`/api/attribution?segment=${id}`);
  const recs = useApi<unknown>(`/api/segments/${id}/recommendations`);
  const lift = useApi<Lift>(props.segment.holdout ? `/api/segments/${id}/lift` : null);
  const drift = useApi<unknown>("/api/drift/alerts?limit=20");
  return (
    <div className="grid-2">
      <div className="card" style={{ gridColumn: "1 / -1" }}>
        <h2>Journeys</h2>
        <Async state={journeys} what="Journeys">
          {(j) => (j.sankey.links.length ? <SankeyChart s={j.sankey} /> : <p className="muted">No journeys yet.</p>)}
        </Async>
      </div>
      <div className="card">
        <h2>Funnel drop-offs</h2>
        <Async state={journeys} what="Funnel">
          {(j) => (j.funnel?.length ? <FunnelChart steps={j.funnel} /> : <p className="muted">No funnel.</p>)}
        </Async>
      </div>
      <div className="card">
        <h2>Holdout lift</h2>
        {!props.segment.holdout ? (
          <p className="muted">This segment has no holdout group: add one (percent and salt) to measure its lift.</p>
        ) : (
          <Async state={lift} what="Holdout lift">
            {(l) => (
              <div className="kpis">
                <div className="kpi">
                  <div className="v">{l.lift.relative ? signed(l.lift.relative.value) : "–"}</div>
                  <div className="l">
                    relative lift
                    {l.lift.relative &&
                      `, 95 % CI [${signed(l.lift.relative.ci95[0])}, ${signed(l.lift.relative.ci95[1])}]`}
                  </div>
                </div>
                <div className="kpi">
                  <div className="v">{signed(l.lift.absolute.value)}</div>
                  <div className="l">
                    {(l.lift.treatedRate * 100).toFixed(1)} % vs {(l.lift.holdoutRate * 100).toFixed(1)} % (n ={" "}
                    {fmt.format(l.treated.n)} / {fmt.format(l.control.n)})
                  </div>
                </div>
                <div className="kpi">
                  <div className="v">{l.lift.pValue < 0.001 ? "< 0.001" : l.lift.pValue.toFixed(3)}</div>
                  <div className="l">p-value</div>
                </div>
              </div>
            )}
          </Async>
        )}
      </div>
      <div className="card">
        <h2>Channel mix</h2>
        <p className="small muted">Conversions credited per channel (Markov removal effect).</p>
        <Async state={channels} what="Channel mix">
          {(b) => <ShareBars rows={listOf<Named>(b, "channels")} label="Channel mix of members' conversions" />}
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

function FunnelChart(props: { steps: NonNullable<Journeys["funnel"]> }) {
  const steps = props.steps;
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 90, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", show: false },
      yAxis: { type: "category", inverse: true, data: steps.map((s) => s.step) },
      series: [
        {
          type: "bar",
          data: steps.map((s) => s.count),
          barMaxWidth: 22,
          label: {
            show: true,
            position: "right",
            formatter: (p: { dataIndex: number; value: number }) => {
              const s = steps[p.dataIndex];
              return p.dataIndex && s
                ? `${fmt.format(p.value)} · −${(s.dropOff * 100).toFixed(0)} %`
                : fmt.format(p.value);
            },
          },
        },
      ],
    }),
    [steps],
  );
  return (
    <Chart
      option={option}
      label="Funnel: members reaching each step, with the drop-off from the previous step"
      height={240}
    />
  );
}

function ShareBars(props: { rows: Named[]; label: string }) {
  const rows = props.rows.slice(0, 12);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "value", splitLine: { lineStyle: { color: "#eef0f6" } } },
      yAxis: { type: "category", inverse: true, data: rows.map((r) => r.name ?? r.channel ?? r.product ?? "") },
      series: [{ type: "bar", data: rows.map((r) => r.markov ?? r.share ?? r.score ?? 0), barMaxWidth: 14 }],
    }),
    [rows],
  );
  if (!rows.length) return <p className="muted">Nothing to show.</p>;
  return <Chart option={option} label={props.label} height={260} />;
}
