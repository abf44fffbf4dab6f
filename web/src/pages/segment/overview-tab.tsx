import { useMemo } from "react";
import { q } from "../../api/client";
import type { SegmentRecord, Sizes } from "../../api/types";
import { useApi } from "../../api/use-api";
import { Chart, type ChartOption } from "../../components/chart";
import { Async, fmt } from "../../components/states";
import { KpiCards } from "./kpi-cards";

export function OverviewTab(props: { segment: SegmentRecord }) {
  const sizes = useApi<Sizes>(`/api/segments/${q(props.segment.id)}/sizes?days=90`);
  const option = useMemo<ChartOption | null>(() => {
    const d = sizes.data?.days;
    if (!d) return null;
    return {
      tooltip: { trigger: "axis" },
      legend: { data: ["Size", "Entries", "Exits"], top: 0 },
      grid: { left: 56, right: 56, top: 36, bottom: 28 },
      xAxis: { type: "category", data: d.map((x) => x.day), axisLabel: { hideOverlap: true } },
      yAxis: [
        { type: "value", name: "members", splitLine: { lineStyle: { color: "#eef0f6" } } },
        { type: "value", name: "per day", splitLine: { show: false } },
      ],
      series: [
        {
          name: "Size",
          type: "line",
          data: d.map((x) => x.size),
          smooth: true,
          showSymbol: false,
          areaStyle: { opacity: 0.12 },
          lineStyle: { width: 2.5 },
        },
        {
          name: "Entries",
          type: "bar",
          yAxisIndex: 1,
          data: d.map((x) => x.entered),
          itemStyle: { color: "#10b981" },
          barMaxWidth: 10,
        },
        {
          name: "Exits",
          type: "bar",
          yAxisIndex: 1,
          data: d.map((x) => -x.exited),
          itemStyle: { color: "#ef4444" },
          barMaxWidth: 10,
        },
      ],
    };
  }, [sizes.data]);
  const total = sizes.data?.days.reduce((a, x) => [a[0]! + x.entered, a[1]! + x.exited], [0, 0]) ?? [0, 0];
  return (
    <div className="page">
      <KpiCards segment={props.segment} />
      <div className="card">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2>Size over time</h2>
          <span className="small muted">
            last 90 days · {fmt.format(total[0]!)} entries · {fmt.format(total[1]!)} exits
          </span>
        </div>
        <Async state={sizes} what="Size history">
          {() => option && <Chart option={option} label="Segment size per day with entries and exits" height={300} />}
        </Async>
      </div>
    </div>
  );
}
