import { useState } from "react";
import { apiSend, q } from "../api/client";
import type { Condition } from "../api/types";
import { ErrorState, fmt } from "../components/states";
import { hrefOf } from "../router";

interface Impact {
  entering?: number | string[];
  leaving?: number | string[];
  enter?: number;
  exit?: number;
  before?: number;
  after?: number;
  samples?: { entering?: string[]; leaving?: string[] };
  sampleEntering?: string[];
  sampleLeaving?: string[];
  current?: number;
  proposed?: number;
  [k: string]: unknown;
}
const count = (v: unknown): number | undefined => (typeof v === "number" ? v : Array.isArray(v) ? v.length : undefined);

/** "Impact of this edit": who would enter and who would leave if the draft replaced the saved version. */
export function ImpactPanel(props: { id: string; definition: Condition; disabled: boolean }) {
  const [state, setState] = useState<{ impact?: Impact; error?: Error; busy: boolean }>({ busy: false });
  const run = async (): Promise<void> => {
    setState({ busy: true });
    try {
      setState({
        impact: await apiSend<Impact>("POST", `/api/segments/${q(props.id)}/impact`, { definition: props.definition }),
        busy: false,
      });
    } catch (e) {
      setState({ error: e as Error, busy: false });
    }
  };
  const i = state.impact;
  const entering = i ? (count(i.entering) ?? i.enter) : undefined;
  const leaving = i ? (count(i.leaving) ?? i.exit) : undefined;
  const sampleIn =
    i?.sampleEntering ?? i?.samples?.entering ?? (Array.isArray(i?.entering) ? (i.entering as string[]) : []);
  const sampleOut =
    i?.sampleLeaving ?? i?.samples?.leaving ?? (Array.isArray(i?.leaving) ? (i.leaving as string[]) : []);
  return (
    <section className="card" aria-label="Impact of this edit">
      <div className="row" style={{ justifyContent: "space-between" }}>
        <h3>Impact of this edit</h3>
        <button type="button" className="btn small" disabled={props.disabled || state.busy} onClick={() => void run()}>
          {state.busy ? "Computing…" : "Compute impact"}
        </button>
      </div>
      {state.error && <ErrorState error={state.error} what="Impact" />}
      {i && (
        <div className="grid-2">
          <div>
            <div className="kpi">
              <div className="v ok">+{fmt.format(entering ?? 0)}</div>
              <div className="l">would enter</div>
            </div>
            <Samples ids={sampleIn} />
          </div>
          <div>
            <div className="kpi">
              <div className="v no">−{fmt.format(leaving ?? 0)}</div>
              <div className="l">would leave</div>
            </div>
            <Samples ids={sampleOut} />
          </div>
        </div>
      )}
    </section>
  );
}

function Samples(props: { ids: string[] }) {
  if (!props.ids.length) return null;
  return (
    <ul className="small" style={{ paddingLeft: 16 }}>
      {props.ids.slice(0, 5).map((id) => (
        <li key={id}>
          <a href={hrefOf(["profiles", id])}>{id}</a>
        </li>
      ))}
    </ul>
  );
}
