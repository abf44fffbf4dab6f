import "../components/chart-kit";
import { listOf } from "../api/types";
import { useApi } from "../api/use-api";
import { GenericTable } from "../components/generic-table";
import { Async } from "../components/states";

/** Destinations, automation rules and the delivery log (the activate module's API). */
export function ActivatePage() {
  const dest = useApi<unknown>("/api/destinations");
  const rules = useApi<unknown>("/api/automations");
  const log = useApi<unknown>("/api/deliveries?limit=50");
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
          {(b) => <GenericTable rows={listOf<Record<string, unknown>>(b, "destinations")} label="Destinations" />}
        </Async>
      </section>
      <section className="card" aria-label="Automation rules">
        <h2>Automation rules</h2>
        <Async state={rules} what="Automation rules">
          {(b) => <GenericTable rows={listOf<Record<string, unknown>>(b, "automations")} label="Automation rules" />}
        </Async>
      </section>
      <section className="card" aria-label="Delivery log">
        <h2>Delivery log</h2>
        <Async state={log} what="Delivery log">
          {(b) => <GenericTable rows={listOf<Record<string, unknown>>(b, "deliveries")} label="Delivery log" />}
        </Async>
      </section>
    </div>
  );
}
