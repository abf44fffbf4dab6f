import { BarChart, HeatmapChart, LineChart, SankeyChart, ScatterChart, TreeChart } from "echarts/charts";
import { DataZoomComponent, GridComponent, LegendComponent, TitleComponent } from "echarts/components";
import * as echarts from "echarts/core";

/** Registers the chart types used beyond the map (imported for its side effect by the lazily loaded pages). */
echarts.use([
  BarChart,
  HeatmapChart,
  LineChart,
  SankeyChart,
  ScatterChart,
  TreeChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
]);
