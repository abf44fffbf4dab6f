import "../components/chart-kit";
import { useEffect, useState } from "react";
import { apiSend, q } from "../api/client";
import type { SegmentRecord } from "../api/types";
import { useApi } from "../api/use-api";
import { useSegments } from "../api/use-segments";
import { ErrorState, fmt, Loading, pct } from "../components/states";
import { hrefOf, type Route, setQuery } from "../router";
import { BreakdownTab } from "./segment/breakdown-tab";
import { HistoryTab } from "./segment/history-tab";
import { InsightsTab } from "./segment/insights-tab";
import { MembersTab } from "./segment/members-tab";
import { OverlapTab } from "./segment/overlap-tab";
import { OverviewTab } from "./segment/overview-tab";

const TABS = [
  ["overview", "Overview"],
  ["breakdown", "Breakdown"],
  ["overlap", "Overlap"],
  ["insights", "Journeys & lift"],
  ["members", "Members"],
  ["history", "History"],
] as const;
type Tab = (typeof TABS)[number][0];

export function SegmentPage(props: { id: string; route: Route }) {
  const seg = useApi<{ segment: SegmentRecord }>(`/api/segments/${q(props.id)}`);
  const { rows, population } = useSegments(7, false);
  const row = rows?.find((x) => x.id === props.id);
  // Not materialised yet (just saved): ask the batch engine for this one segment only.
  const preview = usePreviewSize(row && !row.materialised && seg.data ? seg.data.segment : null);
  const tab = (props.route.query.get("tab") as Tab | null) ?? "overview";
  if (seg.error) return <ErrorState error={seg.error} what="Segment" onRetry={seg.reload} />;
  if (!seg.data) return <Loading label="Loading segment…" />;
  const s = seg.data.segment;
  const size = row?.materialised ? row.size : preview;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <div className="small muted">
            <a href="#/">Segment map</a>
            {s.parent && (
              <>
                {" / "}
                <a href={hrefOf(["segments", s.parent])}>{s.parent}</a>
              </>
            )}
          </div>
          <h1>{s.name}</h1>
          <div className="row small muted">
            <code>{s.id}</code>
            {s.version !== undefined && <span>v{s.version}</span>}
            {s.refresh && <span className="badge info">{s.refresh}</span>}
            {(s.tags ?? []).map((t) => (
              <a key={t} className="tag" href={hrefOf([], { tag: t })}>
                #{t}
              </a>
            ))}
          </div>
          {s.description && <p className="muted">{s.description}</p>}
        </div>
        <div className="row">
          <div className="kpi" title="Current size">
            <div className="v" data-testid="segment-size">
              {size !== undefined ? fmt.format(size) : "…"}
            </div>
            <div className="l">
              members{population ? ` · ${pct((size ?? 0) / population)} of ${fmt.format(population)}` : ""}
            </div>
          </div>
          <a className="btn" href={hrefOf(["builder"], { id: s.id })}>
            Edit
          </a>
        </div>
      </div>
      <div className="tabs" role="tablist" aria-label="Segment views">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} onClick={() => setQuery({ tab: id })}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" aria-label={TABS.find((t) => t[0] === tab)?.[1] ?? ""}>
        {tab === "overview" && <OverviewTab segment={s} />}
        {tab === "breakdown" && <BreakdownTab segment={s} route={props.route} />}
        {tab === "overlap" && <OverlapTab segment={s} route={props.route} />}
        {tab === "insights" && <InsightsTab segment={s} />}
        {tab === "members" && <MembersTab segment={s} />}
        {tab === "history" && <HistoryTab segment={s} />}
      </div>
    </div>
  );
}

function usePreviewSize(s: SegmentRecord | null): number | undefined {
  const [size, setSize] = useState<number | undefined>();
  const key = s ? JSON.stringify([s.definition, s.parent ?? null]) : null;
  useEffect(() => {
    if (!key) return;
    const [definition, parent] = JSON.parse(key) as [unknown, string | null];
    let live = true;
    apiSend<{ size: number }>("POST", "/api/segments/preview", { definition, ...(parent ? { parent } : {}) }).then(
      (r) => live && setSize(r.size),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [key]);
  return size;
}
