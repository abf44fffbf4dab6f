import { useState } from "react";
import { apiText, q } from "../../api/client";
import type { SegmentRecord } from "../../api/types";
import { useApi } from "../../api/use-api";
import { Async } from "../../components/states";
import { hrefOf } from "../../router";

type MemberRow =
  | string
  | {
      heldOut?: boolean;
      profile?: string;
      profileId?: string;
      profile_id?: string;
      id?: string;
      since?: string | number;
      reason?: string;
    };
interface MembersPage {
  members?: MemberRow[];
  items?: MemberRow[];
  nextCursor?: string | null;
  total?: number;
}

const idOf = (m: MemberRow): string =>
  typeof m === "string" ? m : (m.profileId ?? m.profile ?? m.profile_id ?? m.id ?? "");
const PAGE = 50;

export function MembersTab(props: { segment: SegmentRecord }) {
  const [cursors, setCursors] = useState<string[]>([]);
  const [exporting, setExporting] = useState<string>("");
  const cursor = cursors[cursors.length - 1];
  const base = `/api/segments/${q(props.segment.id)}/members`;
  const page = useApi<MembersPage>(`${base}?limit=${PAGE}${cursor ? `&cursor=${q(cursor)}` : ""}`);
  const exportCsv = async (): Promise<void> => {
    setExporting("Exporting…");
    try {
      const csv = await apiText(`${base}?format=csv`);
      const url = URL.createObjectURL(new Blob([csv], { type: "text/csv" }));
      const a = document.createElement("a");
      a.href = url;
      a.download = `${props.segment.id}-members.csv`;
      a.click();
      URL.revokeObjectURL(url);
      setExporting("");
    } catch (e) {
      setExporting(`Export failed: ${(e as Error).message}`);
    }
  };
  return (
    <div className="card">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h2>Members</h2>
        <div className="row">
          {exporting && <span className="small muted">{exporting}</span>}
          <button
            type="button"
            className="btn small"
            onClick={() => void exportCsv()}
            aria-label="Export members as CSV"
          >
            ⤓ CSV
          </button>
        </div>
      </div>
      <Async state={page} what="Members">
        {(p) => {
          const rows = p.members ?? p.items ?? [];
          return (
            <>
              <div className="table-wrap">
                <table className="data" aria-label="Segment members">
                  <thead>
                    <tr>
                      <th>Profile</th>
                      <th>Held out</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((m) => {
                      const id = idOf(m);
                      const o = typeof m === "string" ? {} : m;
                      return (
                        <tr key={id}>
                          <td>
                            <a href={hrefOf(["profiles", id], { segment: props.segment.id })}>{id}</a>
                          </td>
                          <td>{o.heldOut ? <span className="badge warn">holdout</span> : ""}</td>
                        </tr>
                      );
                    })}
                  </tbody>
                </table>
              </div>
              {rows.length === 0 && <p className="muted">No members.</p>}
              <div className="row" style={{ justifyContent: "flex-end", marginTop: 8 }}>
                {p.total !== undefined && <span className="small muted">{p.total} in total</span>}
                <button
                  type="button"
                  className="btn small"
                  disabled={!cursors.length}
                  onClick={() => setCursors((c) => c.slice(0, -1))}
                >
                  ← Previous
                </button>
                <button
                  type="button"
                  className="btn small"
                  disabled={!p.nextCursor}
                  onClick={() => p.nextCursor && setCursors((c) => [...c, p.nextCursor as string])}
                >
                  Next →
                </button>
              </div>
            </>
          );
        }}
      </Async>
    </div>
  );
}
