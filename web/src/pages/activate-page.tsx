import "../components/chart-kit";
import { listOf } from "../api/types";
import { useApi } from "../api/use-api";
import { GenericTable } from "../components/generic-table";
import { Async } from "../components/states";
import { type Route, setQuery } from "../router";

const STATUSES = ["", "pending", "delivered", "failed", "dead", "suppressed"];

/** Destinations, automation rules and the delivery log (the activate module's /destinations, /rules, /outbox). */
export function ActivatePage(props: { route: Route }) {
  const status = props.route.query.get("status") ?? "";
  const dest = useApi<unknown>("/api/destinations");
  const rules = useApi<unknown>("/api/rules");
  const stats = useApi<unknown>("/api/outbox/stats");
  const log = useApi<unknown>(`/api/outbox?limit=50${status ? `&status=${encodeURIComponent(status)}` : ""}`);
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h1>Activate</h1>
          <div className="muted">Where audiences go, the rules that send them, and what was delivered.</div>
        </div>
      </div>
      <section className="card" aria-label="Destinations">
        <h2>Destinations</h2>
        <Async state={dest} what="Destinations">
          {(b) => (
            <GenericTable
              rows={listOf<Record<string, unknown>>(b, "destinations")}
              label="Destinations"
              columns={["id", "name", "kind", "enabled", "segments", "createdAt"]}
            />
          )}
        </Async>
      </section>
      <section className="card" aria-label="Automation rules">
        <h2>Automation rules</h2>
        <Async state={rules} what="Automation rules">
          {(b) => <GenericTable rows={listOf<Record<string, unknown>>(b, "rules")} label="Automation rules" />}
        </Async>
      </section>
      <section className="card" aria-label="Delivery log">
        <div className="row" style={{ justifyContent: "space-between" }}>
          <h2>Delivery log</h2>
          <select
            aria-label="Delivery status"
            value={status}
            onChange={(e) => setQuery({ status: e.target.value || undefined })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {s || "all statuses"}
              </option>
            ))}
          </select>
        </div>
        <Async state={stats} what="Delivery statistics">
          {(b) => (
            <GenericTable
              rows={listOf<Record<string, unknown>>(b, "stats")}
              label="Deliveries by destination and status"
            />
          )}
        </Async>
        <Async state={log} what="Delivery log">
          {(b) => (
            <GenericTable
              rows={listOf<Record<string, unknown>>(b, "rows")}
              label="Delivery log"
              columns={[
                "seq",
                "createdAt",
                "destination",
                "kind",
                "profile",
                "status",
                "attempts",
                "latencyMs",
                "lastError",
              ]}
            />
          )}
        </Async>
      </section>
    </div>
  );
}
