import { useMemo } from "react";
import { q } from "../../api/client";
import type { Breakdown, SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { useCatalog } from "../../api/use-segments";
import { Chart, type ChartOption } from "../../components/chart";
import { Async, fmt, pct } from "../../components/states";
import { type Route, setQuery } from "../../router";

interface GeoCells {
  cells: { lat: number; lon: number; members: number; population: number }[];
}

export function BreakdownTab(props: { segment: SegmentRecord; route: Route }) {
  const catalog = useCatalog();
  const keys = useMemo(
    () => [
      ...(catalog.data?.traits ?? []).filter((t) => t.type !== "object" && t.type !== "array").map((t) => t.key),
      ...(catalog.data?.computedTraits ?? []).map((t) => `$${t.name}`),
    ],
    [catalog.data],
  );
  const trait = props.route.query.get("trait") ?? keys[0] ?? "";
  const hasGeo =
    (catalog.data?.traits ?? []).some((t) => t.key === "lat") &&
    (catalog.data?.traits ?? []).some((t) => t.key === "lon");
  const bd = useApi<Breakdown>(trait ? `/api/segments/${q(props.segment.id)}/breakdown?trait=${q(trait)}` : null);
  const geo = useApi<GeoCells>(hasGeo ? `/api/segments/${q(props.segment.id)}/geo?cell=1` : null);
  return (
    <div className="page">
      <div className="card">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2>Members vs population by trait</h2>
          <label className="row small muted">
            Trait
            <select
              aria-label="Trait to break down by"
              value={trait}
              onChange={(e) => setQuery({ trait: e.target.value })}
            >
              {keys.map((k) => (
                <option key={k} value={k}>
                  {k}
                </option>
              ))}
            </select>
          </label>
        </div>
        {trait ? (
          <Async state={bd} what="Breakdown">
            {(b) => <BreakdownChart b={b} />}
          </Async>
        ) : (
          <Async state={catalog} what="Traits">
            {() => <p className="muted">No traits have been seen yet.</p>}
          </Async>
        )}
      </div>
      {hasGeo && (
        <div className="card">
          <h2>Where members are</h2>
          <Async state={geo} what="Geography">
            {(g) => <GeoChart cells={g.cells} />}
          </Async>
        </div>
      )}
    </div>
  );
}

function BreakdownChart(props: { b: Breakdown }) {
  const b = props.b;
  const option = useMemo<ChartOption>(() => {
    const known = (n: number, tot: number, miss: number): number => (tot - miss > 0 ? n / (tot - miss) : 0);
    const labels = b.buckets.map((x) => x.label);
    return {
      tooltip: {
        trigger: "axis",
        axisPointer: { type: "shadow" },
        valueFormatter: (v: number) => `${v.toFixed(1)} %`,
      },
      legend: { top: 0, data: ["Members", "Population"] },
      grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: labels,
        axisLabel: { rotate: labels.length > 8 ? 35 : 0, hideOverlap: false, interval: 0, fontSize: 11 },
      },
      yAxis: { type: "value", axisLabel: { formatter: "{value} %" }, splitLine: { lineStyle: { color: "#eef0f6" } } },
      series: [
        {
          name: "Members",
          type: "bar",
          data: b.buckets.map((x) => 100 * known(x.members, b.members, b.missing.members)),
          barGap: "10%",
        },
        {
          name: "Population",
          type: "bar",
          data: b.buckets.map((x) => 100 * known(x.population, b.population, b.missing.population)),
          itemStyle: { color: "#cbd5e1" },
        },
      ],
    };
  }, [b]);
  return (
    <>
      <Chart
        option={option}
        label={`Distribution of ${b.trait} among members compared with the population`}
        height={320}
      />
      <div className="table-wrap">
        <table className="data" aria-label={`Breakdown of ${b.trait}`}>
          <thead>
            <tr>
              <th>{b.trait}</th>
              <th className="num">Members</th>
              <th className="num">Population</th>
              <th className="num">Share in segment</th>
              <th className="num">Index</th>
            </tr>
          </thead>
          <tbody>
            {b.buckets.map((x) => {
              const idx =
                x.population && b.population && b.members ? x.members / b.members / (x.population / b.population) : 0;
              return (
                <tr key={x.label}>
                  <td>{x.label}</td>
                  <td className="num">{fmt.format(x.members)}</td>
                  <td className="num">{fmt.format(x.population)}</td>
                  <td className="num">{x.population ? pct(x.members / x.population) : "–"}</td>
                  <td
                    className="num"
                    style={{ color: idx > 1.2 ? "var(--good)" : idx < 0.8 ? "var(--bad)" : undefined }}
                  >
                    {Math.round(idx * 100)}
                  </td>
                </tr>
              );
            })}
            <tr className="muted">
              <td>(missing)</td>
              <td className="num">{fmt.format(b.missing.members)}</td>
              <td className="num">{fmt.format(b.missing.population)}</td>
              <td className="num">{b.missing.population ? pct(b.missing.members / b.missing.population) : "–"}</td>
              <td />
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}

function GeoChart(props: { cells: GeoCells["cells"] }) {
  const option = useMemo<ChartOption>(() => {
    const max = Math.max(1, ...props.cells.map((c) => c.members));
    const lats = props.cells.map((c) => c.lat);
    const lons = props.cells.map((c) => c.lon);
    return {
      tooltip: {
        formatter: (p: { value: number[] }) =>
          `${p.value[1]!.toFixed(1)}°, ${p.value[0]!.toFixed(1)}°<br/>${fmt.format(p.value[2]!)} members of ${fmt.format(p.value[3]!)}`,
      },
      grid: { left: 48, right: 16, top: 16, bottom: 36 },
      xAxis: {
        type: "value",
        name: "longitude",
        min: Math.floor(Math.min(...lons) - 2),
        max: Math.ceil(Math.max(...lons) + 2),
        splitLine: { lineStyle: { color: "#eef0f6" } },
      },
      yAxis: {
        type: "value",
        name: "latitude",
        min: Math.floor(Math.min(...lats) - 2),
        max: Math.ceil(Math.max(...lats) + 2),
        splitLine: { lineStyle: { color: "#eef0f6" } },
      },
      series: [
        {
          type: "scatter",
          data: props.cells.map((c) => [c.lon, c.lat, c.population, c.population]),
          symbolSize: (v: number[]) => 4 + 30 * Math.sqrt(v[2]! / Math.max(1, ...props.cells.map((c) => c.population))),
          itemStyle: { color: "rgba(148,163,184,0.35)" },
          name: "Population",
        },
        {
          type: "scatter",
          data: props.cells.map((c) => [c.lon, c.lat, c.members, c.population]),
          symbolSize: (v: number[]) => 3 + 30 * Math.sqrt(v[2]! / max),
          itemStyle: { color: "rgba(79,70,229,0.7)" },
          name: "Members",
        },
      ],
    };
  }, [props.cells]);
  if (!props.cells.length) return <p className="muted">No profiles have lat/lon traits.</p>;
  return (
    <Chart option={option} label="Members and population by location (longitude × latitude, 1° cells)" height={360} />
  );
}
