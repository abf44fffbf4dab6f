import { SunburstChart, TreemapChart } from "echarts/charts";
import { TooltipComponent, VisualMapComponent } from "echarts/components";
import * as echarts from "echarts/core";
import { CanvasRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";

// Only what the first page (the map) needs; the other pages import ./chart-kit, which registers the rest, in their
// own lazily loaded chunks.
echarts.use([SunburstChart, TreemapChart, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type ChartOption = echarts.EChartsCoreOption;
export type ChartClick = (params: { data?: unknown; name?: string; dataIndex?: number; seriesIndex?: number }) => void;

export const PALETTE = [
  "#4f46e5",
  "#06b6d4",
  "#10b981",
  "#f59e0b",
  "#ef4444",
  "#8b5cf6",
  "#ec4899",
  "#14b8a6",
  "#84cc16",
  "#64748b",
];

/** One ECharts instance bound to a div; role="img" + aria-label so screen readers get the chart's meaning. */
export function Chart(props: { option: ChartOption; label: string; height?: number; onClick?: ChartClick }) {
  const el = useRef<HTMLDivElement>(null);
  const inst = useRef<echarts.ECharts | null>(null);
  const click = useRef<ChartClick | undefined>(props.onClick);
  click.current = props.onClick;
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: "canvas" });
    inst.current = chart;
    chart.on("click", (p) => click.current?.(p as Parameters<ChartClick>[0]));
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.dispose();
      inst.current = null;
    };
  }, []);
  useEffect(() => {
    inst.current?.setOption({ color: PALETTE, textStyle: { fontFamily: "inherit" }, ...props.option }, true);
  }, [props.option]);
  return <div ref={el} className="chart" role="img" aria-label={props.label} style={{ height: props.height ?? 280 }} />;
}
