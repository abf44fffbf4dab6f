import "../components/chart-kit";
import { useState } from "react";
import { apiGet, q } from "../api/client";
import type { Profile, TimelineEvent } from "../api/types";
import { useApi } from "../api/use-api";
import { ExplainTree, explainRoot } from "../components/explain-tree";
import { GenericTable } from "../components/generic-table";
import { Async, dateTime, ErrorState, fmt, Loading } from "../components/states";
import { hrefOf, type Route, setQuery } from "../router";

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

export function ProfilePage(props: { id: string; route: Route }) {
  const p = useApi<Profile>(`/api/profiles/${q(props.id)}`);
  const why = props.route.query.get("segment") ?? "";
  // The timeline and history accept any id, so they load in parallel with the summary instead of after it.
  const side = (
    <div className="grid-2">
      <Timeline id={props.id} />
      <MembershipHistory id={props.id} />
    </div>
  );
  if (p.error) return <ErrorState error={p.error} what="Profile" onRetry={p.reload} />;
  if (!p.data)
    return (
      <div className="page">
        <Loading label="Loading profile…" />
        {side}
      </div>
    );
  const pr = p.data;
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <div className="small muted">Profile</div>
          <h1>{show(pr.traits["name"] ?? pr.traits["email"] ?? pr.id)}</h1>
          <div className="row small muted">
            <code>{pr.id}</code>
            {pr.identities.userIds.map((u) => (
              <span key={u} className="tag">
                user {u}
              </span>
            ))}
            {pr.identities.anonymousIds.slice(0, 3).map((u) => (
              <span key={u} className="tag">
                anon {u}
              </span>
            ))}
          </div>
        </div>
        <div className="kpis" style={{ minWidth: 480 }}>
          <div className="kpi">
            <div className="v">{fmt.format(pr.eventCount)}</div>
            <div className="l">events</div>
          </div>
          <div className="kpi">
            <div className="v">{pr.memberships.length}</div>
            <div className="l">segments</div>
          </div>
          <div className="kpi">
            <div className="v small">{pr.lastSeen ? dateTime(pr.lastSeen) : "–"}</div>
            <div className="l">last seen</div>
          </div>
        </div>
      </div>
      <div className="grid-3">
        <section className="card" aria-label="Traits">
          <h2>Traits</h2>
          <dl className="kv">
            {Object.entries(pr.traits).map(([k, v]) => (
              <Kv key={k} k={k} v={v} />
            ))}
          </dl>
          {Object.keys(pr.computedTraits).length > 0 && (
            <>
              <h2 style={{ marginTop: 16 }}>Computed traits</h2>
              <dl className="kv">
                {Object.entries(pr.computedTraits).map(([k, v]) => (
                  <Kv key={k} k={`$${k}`} v={v} />
                ))}
              </dl>
            </>
          )}
        </section>
        <section className="card" aria-label="Memberships">
          <h2>Memberships</h2>
          {pr.memberships.length === 0 && <p className="muted">Not in any segment.</p>}
          <table className="data" aria-label="Segment memberships">
            <tbody>
              {pr.memberships.map((m) => (
                <tr key={m.segment}>
                  <td>
                    <a href={hrefOf(["segments", m.segment])}>{m.segment}</a>
                    <div className="small muted">since {dateTime(m.since)}</div>
                    {m.reason && <div className="small muted">{m.reason}</div>}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn small"
                      aria-label={`Why is this profile in ${m.segment}?`}
                      onClick={() => setQuery({ segment: m.segment })}
                    >
                      Why?
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {why && <Explain id={pr.id} segment={why} />}
        </section>
        <section className="card" aria-label="Event counts">
          <h2>Activity</h2>
          <dl className="kv">
            <dt>First seen</dt>
            <dd>{pr.firstSeen ? dateTime(pr.firstSeen) : "–"}</dd>
            {Object.entries(pr.eventCounts)
              .slice(0, 12)
              .map(([k, n]) => (
                <Kv key={k} k={k} v={n} />
              ))}
          </dl>
        </section>
      </div>
      {side}
    </div>
  );
}

function Kv(props: { k: string; v: unknown }) {
  return (
    <>
      <dt>{props.k}</dt>
      <dd>{typeof props.v === "number" ? fmt.format(props.v) : show(props.v)}</dd>
    </>
  );
}

function Explain(props: { id: string; segment: string }) {
  const e = useApi<unknown>(`/api/profiles/${q(props.id)}/explain?segment=${q(props.segment)}`);
  return (
    <section
      className="card"
      style={{ marginTop: 12 }}
      aria-label={`Why this profile is or is not in ${props.segment}`}
    >
      <h3>Why · {props.segment}</h3>
      <Async state={e} what="Explanation">
        {(body) => {
          const { member, root } = explainRoot(body);
          return (
            <>
              {member !== undefined && <p className={member ? "ok" : "no"}>{member ? "Member" : "Not a member"}</p>}
              <ExplainTree node={root} />
            </>
          );
        }}
      </Async>
    </section>
  );
}

function Timeline(props: { id: string }) {
  const first = useApi<{ events: TimelineEvent[]; nextCursor: string | null }>(
    `/api/profiles/${q(props.id)}/events?limit=30`,
  );
  const [more, setMore] = useState<{ events: TimelineEvent[]; cursor: string | null; busy: boolean }>({
    events: [],
    cursor: null,
    busy: false,
  });
  const cursor = more.cursor ?? first.data?.nextCursor ?? null;
  const loadMore = async (): Promise<void> => {
    if (!cursor) return;
    setMore((m) => ({ ...m, busy: true }));
    const page = await apiGet<{ events: TimelineEvent[]; nextCursor: string | null }>(
      `/api/profiles/${q(props.id)}/events?limit=50&cursor=${q(cursor)}`,
    );
    setMore((m) => ({ events: [...m.events, ...page.events], cursor: page.nextCursor ?? "", busy: false }));
  };
  return (
    <section className="card" aria-label="Event timeline">
      <h2>Timeline</h2>
      <Async state={first} what="Events">
        {(p) => (
          <>
            <ul className="timeline">
              {[...p.events, ...more.events].map((e) => (
                <li key={e.messageId}>
                  <span className="small muted">{dateTime(e.timestamp)}</span>
                  <span>
                    <strong>{e.event ?? e.name ?? e.type}</strong> <span className="badge info">{e.type}</span>
                    {e.properties && Object.keys(e.properties).length > 0 && (
                      <div className="small muted">
                        {Object.entries(e.properties)
                          .slice(0, 5)
                          .map(([k, v]) => `${k}: ${show(v)}`)
                          .join(" · ")}
                      </div>
                    )}
                  </span>
                </li>
              ))}
            </ul>
            {cursor && (
              <button type="button" className="btn small" disabled={more.busy} onClick={() => void loadMore()}>
                {more.busy ? "Loading…" : "Load older events"}
              </button>
            )}
          </>
        )}
      </Async>
    </section>
  );
}

function MembershipHistory(props: { id: string }) {
  const h = useApi<{ changes: Record<string, unknown>[] }>(`/api/profiles/${q(props.id)}/membership-history`);
  return (
    <section className="card" aria-label="Membership history">
      <h2>Membership history</h2>
      <Async state={h} what="Membership history">
        {(b) => (
          <GenericTable
            rows={b.changes}
            label="Membership changes"
            columns={["at", "segment", "change", "version", "reason", "cause"]}
          />
        )}
      </Async>
    </section>
  );
}
