import { useCallback, useMemo } from "react";
import { q } from "../../api/client";
import type { Overlap, SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { useSegments } from "../../api/use-segments";
import { Chart, type ChartOption } from "../../components/chart";
import { Async, fmt, pct } from "../../components/states";
import { hrefOf, type Route } from "../../router";

const MAX = 12;
const compact = new Intl.NumberFormat("en-US", { notation: "compact" });

/** This segment against the largest other segments: pairwise matrix (heatmap) and exact combinations (UpSet bars). */
export function OverlapTab(props: { segment: SegmentRecord; route: Route }) {
  const { rows } = useSegments();
  const ids = useMemo(() => {
    if (!rows) return null;
    const others = rows
      .filter((r) => r.id !== props.segment.id)
      .sort((a, b) => b.size - a.size)
      .slice(0, MAX - 1);
    return [props.segment.id, ...others.map((r) => r.id)];
  }, [rows, props.segment.id]);
  const names = useMemo(() => new Map((rows ?? []).map((r) => [r.id, r.name])), [rows]);
  const ov = useApi<Overlap>(ids ? `/api/segments/overlap?ids=${ids.map(q).join(",")}` : null);
  return (
    <Async state={ov} what="Overlap">
      {(o) => <OverlapView o={o} names={names} />}
    </Async>
  );
}

function OverlapView(props: { o: Overlap; names: Map<string, string> }) {
  const { o, names } = props;
  const label = useCallback((id: string): string => names.get(id) ?? id, [names]);
  const heat = useMemo<ChartOption>(() => {
    const data: [number, number, number, number][] = [];
    o.matrix.forEach((row, i) => {
      row.forEach((n, j) => {
        const base = o.sizes[i] ?? 0;
        data.push([j, i, base ? Math.round((1000 * n) / base) / 10 : 0, n]);
      });
    });
    return {
      tooltip: {
        formatter: (p: { value: [number, number, number, number] }) =>
          `${label(o.ids[p.value[1]]!)} ∩ ${label(o.ids[p.value[0]]!)}<br/>${fmt.format(p.value[3])} profiles (${p.value[2]} % of the row)`,
      },
      grid: { left: 8, right: 16, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: o.ids.map(label), axisLabel: { rotate: 35, fontSize: 11, interval: 0 } },
      yAxis: { type: "category", data: o.ids.map(label), inverse: true, axisLabel: { fontSize: 11 } },
      visualMap: { min: 0, max: 100, dimension: 2, show: false, inRange: { color: ["#f8fafc", "#a5b4fc", "#4f46e5"] } },
      series: [
        {
          type: "heatmap",
          data,
          label: { show: o.ids.length <= 8, formatter: (p: { value: number[] }) => `${p.value[2]}%`, fontSize: 10 },
        },
      ],
    };
  }, [o, label]);
  const upset = useMemo<ChartOption>(() => {
    const combos = o.combinations.slice(0, 15);
    return {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: {
        type: "value",
        splitLine: { lineStyle: { color: "#eef0f6" } },
        axisLabel: { hideOverlap: true, formatter: (v: number) => compact.format(v) },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: combos.map((c) => c.segments.map(label).join(" ∩ ")),
        axisLabel: { fontSize: 11, width: 260, overflow: "truncate" },
      },
      series: [{ type: "bar", data: combos.map((c) => c.size), barMaxWidth: 16 }],
    };
  }, [o, label]);
  return (
    <div className="grid-2">
      <div className="card">
        <h2>Pairwise overlap</h2>
        <p className="small muted">Cell = share of the row segment that is also in the column segment.</p>
        <Chart option={heat} label="Heatmap of pairwise overlap between segments" height={380} />
      </div>
      <div className="card">
        <h2>Exact combinations</h2>
        <p className="small muted">Profiles in exactly these segments (of the ones compared), largest first.</p>
        <Chart option={upset} label="Bar chart of exact segment combinations (UpSet)" height={380} />
      </div>
      <div className="card" style={{ gridColumn: "1 / -1" }}>
        <table className="data" aria-label="Overlap with other segments">
          <thead>
            <tr>
              <th>Segment</th>
              <th className="num">Size</th>
              <th className="num">Shared with {label(o.ids[0]!)}</th>
              <th className="num">% of this segment</th>
              <th className="num">Jaccard</th>
            </tr>
          </thead>
          <tbody>
            {o.ids.slice(1).map((id, k) => {
              const i = k + 1;
              const shared = o.matrix[0]?.[i] ?? 0;
              const a = o.sizes[0] ?? 0;
              const b = o.sizes[i] ?? 0;
              const union = a + b - shared;
              return (
                <tr key={id}>
                  <td>
                    <a href={hrefOf(["segments", id])}>{label(id)}</a>
                  </td>
                  <td className="num">{fmt.format(b)}</td>
                  <td className="num">{fmt.format(shared)}</td>
                  <td className="num">{a ? pct(shared / a) : "–"}</td>
                  <td className="num">{union ? (shared / union).toFixed(3) : "–"}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}
