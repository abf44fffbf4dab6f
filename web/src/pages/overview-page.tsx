import { useMemo } from "react";
import { type SegmentRow, useSegments } from "../api/use-segments";
import { Chart, type ChartOption } from "../components/chart";
import { Empty, ErrorState, fmt, Loading, pct } from "../components/states";
import { hrefOf, navigate, type Route, setQuery } from "../router";

type ColourBy = "growth" | "share" | "churn";
const COLOUR_LABEL: Record<ColourBy, string> = {
  growth: "Growth",
  share: "Share of population",
  churn: "Exits / entries",
};

interface TreeNode {
  name: string;
  id: string;
  value: [number, number];
  children?: TreeNode[];
}

function metric(s: SegmentRow, by: ColourBy, population: number): number {
  if (by === "growth") return s.growth ?? 0;
  if (by === "share") return population ? s.size / population : 0;
  return s.entered + s.exited ? s.exited / (s.entered + s.exited) : 0;
}

/** Segments as a tree by `parent` (orphans whose parent is filtered out become roots). */
function buildTree(rows: SegmentRow[], by: ColourBy, population: number): TreeNode[] {
  const ids = new Set(rows.map((r) => r.id));
  const kids = new Map<string, SegmentRow[]>();
  for (const r of rows) {
    const p = r.parent && ids.has(r.parent) ? r.parent : "";
    kids.set(p, [...(kids.get(p) ?? []), r]);
  }
  const make = (r: SegmentRow, depth: number): TreeNode => {
    const children = depth < 8 ? (kids.get(r.id) ?? []).map((c) => make(c, depth + 1)) : [];
    const node: TreeNode = { name: r.name, id: r.id, value: [Math.max(r.size, 0.5), metric(r, by, population)] };
    if (children.length) node.children = children;
    return node;
  };
  return (kids.get("") ?? []).map((r) => make(r, 0));
}

export function OverviewPage(props: { route: Route }) {
  const q = props.route.query;
  const search = q.get("q") ?? "";
  const tag = q.get("tag") ?? "";
  const { rows, population, error, loading, reload } = useSegments();
  // Growth needs history; a workspace whose segments are all new starts on share of population instead.
  const by = (q.get("colour") as ColourBy | null) ?? (rows?.some((r) => r.growth !== null) ? "growth" : "share");
  const kind = q.get("view") === "sunburst" ? "sunburst" : "treemap";
  const tags = useMemo(() => [...new Set((rows ?? []).flatMap((r) => r.tags ?? []))].sort(), [rows]);
  const shown = useMemo(
    () =>
      (rows ?? []).filter(
        (r) =>
          (!tag || (r.tags ?? []).includes(tag)) &&
          (!search || `${r.name} ${r.id} ${r.description ?? ""}`.toLowerCase().includes(search.toLowerCase())),
      ),
    [rows, tag, search],
  );
  const option = useMemo<ChartOption>(() => {
    const data = buildTree(shown, by, population);
    const vals = shown.map((r) => metric(r, by, population));
    const lo = by === "growth" ? Math.min(-0.05, ...vals) : 0;
    const hi = Math.max(by === "growth" ? 0.05 : 0.01, ...vals);
    const tooltip = {
      formatter: (p: { name: string; value: unknown }) => {
        if (!Array.isArray(p.value)) return escapeHtml(p.name);
        const [size, m] = p.value as [number, number];
        return `<b>${escapeHtml(p.name)}</b><br/>${fmt.format(Math.round(size))} members<br/>${COLOUR_LABEL[by]}: ${
          by === "growth" ? signedPct(m) : pct(m)
        }`;
      },
    };
    const visualMap = {
      type: "continuous",
      min: lo,
      max: hi,
      dimension: 1,
      seriesIndex: 0,
      orient: "horizontal",
      left: "center",
      bottom: 0,
      itemHeight: 180,
      text: [by === "growth" ? signedPct(hi) : pct(hi), by === "growth" ? signedPct(lo) : pct(lo)],
      inRange: { color: by === "growth" ? ["#f87171", "#e2e8f0", "#34d399"] : ["#eef2ff", "#a5b4fc", "#818cf8"] },
      calculable: false,
    };
    if (kind === "sunburst") {
      return {
        tooltip,
        visualMap,
        series: [
          {
            type: "sunburst",
            data,
            radius: ["12%", "88%"],
            label: { rotate: "radial", fontSize: 11 },
            nodeClick: false,
          },
        ],
      };
    }
    return {
      tooltip,
      visualMap,
      series: [
        {
          type: "treemap",
          data,
          roam: false,
          nodeClick: false,
          bottom: 40,
          top: 8,
          left: 0,
          right: 0,
          breadcrumb: { show: false },
          visualDimension: 1,
          label: {
            show: true,
            formatter: (p: { name: string; value: unknown }) =>
              Array.isArray(p.value) ? `{n|${p.name}}\n{s|${fmt.format(Math.round(p.value[0] as number))}}` : p.name,
            rich: {
              n: { fontSize: 13, fontWeight: 600, lineHeight: 18, color: "#0f172a" },
              s: { fontSize: 12, lineHeight: 16, color: "#334155" },
            },
          },
          upperLabel: {
            show: true,
            height: 22,
            color: "#0f172a",
            fontWeight: 600,
            formatter: (p: { name: string; value: unknown }) =>
              Array.isArray(p.value) ? `${p.name} · ${fmt.format(Math.round(p.value[0] as number))}` : p.name,
          },
          itemStyle: { borderColor: "#fff", borderWidth: 2, gapWidth: 2 },
          levels: [{ itemStyle: { borderWidth: 3, gapWidth: 3 } }, { itemStyle: { gapWidth: 2 } }],
        },
      ],
    };
  }, [shown, by, kind, population]);

  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Segment map</h1>
          <div className="muted">
            {rows
              ? `${fmt.format(rows.length)} segments · ${fmt.format(population)} profiles`
              : "All audiences at a glance"}
          </div>
        </div>
        <div className="row">
          <input
            aria-label="Search segments"
            placeholder="Search segments…"
            defaultValue={search}
            onChange={(e) => setQuery({ q: e.target.value || undefined })}
          />
          <label className="row">
            <span className="small muted">Colour</span>
            <select aria-label="Colour the map by" value={by} onChange={(e) => setQuery({ colour: e.target.value })}>
              {(Object.keys(COLOUR_LABEL) as ColourBy[]).map((k) => (
                <option key={k} value={k}>
                  {COLOUR_LABEL[k]}
                </option>
              ))}
            </select>
          </label>
          <select aria-label="Map layout" value={kind} onChange={(e) => setQuery({ view: e.target.value })}>
            <option value="treemap">Treemap</option>
            <option value="sunburst">Sunburst</option>
          </select>
        </div>
      </div>
      {tags.length > 0 && (
        <fieldset className="row" aria-label="Filter by tag">
          <button type="button" className={`chip ${tag ? "" : "on"}`} onClick={() => setQuery({ tag: undefined })}>
            All
          </button>
          {tags.map((t) => (
            <button
              key={t}
              type="button"
              className={`chip ${t === tag ? "on" : ""}`}
              onClick={() => setQuery({ tag: t === tag ? undefined : t })}
            >
              {t}
            </button>
          ))}
        </fieldset>
      )}
      {error ? (
        <ErrorState error={error} what="Segments" onRetry={reload} />
      ) : !rows ? (
        loading && <Loading label="Loading segments…" />
      ) : rows.length === 0 ? (
        <div className="card">
          <Empty>
            <strong>No segments yet</strong>
            <span>Define your first audience in the builder.</span>
            <a className="btn primary" href={hrefOf(["builder"])}>
              Open the builder
            </a>
          </Empty>
        </div>
      ) : (
        <div className="overview-layout">
          <div className="card">
            {shown.length ? (
              <Chart
                option={option}
                label={`${kind === "treemap" ? "Treemap" : "Sunburst"} of ${shown.length} segments: area is size, colour is ${COLOUR_LABEL[by].toLowerCase()}`}
                height={560}
                onClick={(p) => {
                  const id = (p.data as { id?: string } | undefined)?.id;
                  if (id) navigate(["segments", id]);
                }}
              />
            ) : (
              <Empty>No segment matches these filters.</Empty>
            )}
          </div>
          <nav className="card seg-list" aria-label="Segments">
            <h3>Segments</h3>
            {[...shown]
              .sort((a, b) => b.size - a.size)
              .map((s) => (
                <a key={s.id} href={hrefOf(["segments", s.id])} data-segment={s.id}>
                  <span>
                    <strong>{s.name}</strong>
                    <br />
                    <span className="small muted">{(s.tags ?? []).map((t) => `#${t}`).join(" ") || s.id}</span>
                  </span>
                  <span className="num" style={{ textAlign: "right" }}>
                    {fmt.format(s.size)}
                    <br />
                    <span
                      className={`small growth ${s.growth && s.growth > 0 ? "up" : s.growth && s.growth < 0 ? "down" : ""}`}
                    >
                      {s.growth === null ? "new" : signedPct(s.growth)}
                    </span>
                  </span>
                </a>
              ))}
          </nav>
        </div>
      )}
    </div>
  );
}

export const signedPct = (x: number): string => `${x > 0 ? "+" : ""}${(x * 100).toFixed(1)} %`;
export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);
