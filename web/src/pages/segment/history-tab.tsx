import { q } from "../../api/client";
import { listOf, type SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { GenericTable } from "../../components/generic-table";
import { Async } from "../../components/states";

export function HistoryTab(props: { segment: SegmentRecord }) {
  const h = useApi<unknown>(`/api/segments/${q(props.segment.id)}/history`);
  return (
    <div className="card">
      <h2>Versions and membership changes</h2>
      <Async state={h} what="History">
        {(body) => {
          const versions = listOf<Record<string, unknown>>(body, "versions");
          const changes = listOf<Record<string, unknown>>(body, "changes");
          const rows = versions.length || changes.length ? null : listOf<Record<string, unknown>>(body, "history");
          return (
            <div className="page">
              {versions.length > 0 && <GenericTable rows={versions.map(flat)} label="Segment versions" />}
              {changes.length > 0 && <GenericTable rows={changes.map(flat)} label="Membership changes" />}
              {rows && <GenericTable rows={rows.map(flat)} label="Segment history" />}
            </div>
          );
        }}
      </Async>
    </div>
  );
}

const flat = (r: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(r).filter(([k]) => k !== "definition"));
