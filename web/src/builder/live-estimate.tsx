import { useEffect, useState } from "react";
import { ApiError, apiSend } from "../api/client";
import { type Condition, sizeOf } from "../api/types";
import { ErrorState, fmt, pct } from "../components/states";
import { useDebounced } from "./use-debounced";

/** Live size of the draft: POST /api/segments/preview, 300 ms after the last edit. */
export function LiveEstimate(props: { definition: Condition; valid: boolean; parent?: string }) {
  const key = JSON.stringify([props.definition, props.parent ?? null]);
  const debounced = useDebounced(key, 300);
  const [state, setState] = useState<{
    size?: number | undefined;
    population?: number;
    ms?: number;
    error?: Error;
    busy: boolean;
  }>({ busy: true });
  useEffect(() => {
    if (!props.valid) return;
    let live = true;
    const [definition, parent] = JSON.parse(debounced) as [Condition, string | null];
    const t0 = performance.now();
    setState((s) => ({ ...s, busy: true }));
    apiSend<Record<string, unknown>>("POST", "/api/segments/preview", {
      definition,
      ...(parent ? { parent } : {}),
    }).then(
      (r) => {
        if (!live) return;
        const population = typeof r["population"] === "number" ? r["population"] : undefined;
        setState({
          size: sizeOf(r),
          ...(population !== undefined ? { population } : {}),
          ms: performance.now() - t0,
          busy: false,
        });
      },
      (e: unknown) => live && setState({ error: e instanceof Error ? e : new Error(String(e)), busy: false }),
    );
    return () => {
      live = false;
    };
  }, [debounced, props.valid]);
  if (state.error && !(state.error instanceof ApiError && state.error.status === 400))
    return <ErrorState error={state.error} what="Size estimate" />;
  const share = state.size !== undefined && state.population ? state.size / state.population : undefined;
  return (
    <div aria-live="polite">
      <div className="estimate">
        <span className="v" data-testid="live-size">
          {state.size === undefined ? "–" : fmt.format(state.size)}
        </span>
        <span className="muted">
          {state.population !== undefined
            ? `of ${fmt.format(state.population)} profiles${share !== undefined ? ` · ${pct(share)}` : ""}`
            : "profiles"}
          {state.busy ? " · estimating…" : state.ms !== undefined ? ` · ${Math.round(state.ms)} ms` : ""}
        </span>
      </div>
      <div className="meter" aria-hidden="true">
        <div style={{ width: `${Math.min(100, (share ?? 0) * 100)}%` }} />
      </div>
      {share !== undefined && share < 0.01 && (
        <p className="small" style={{ color: "var(--warn)" }}>
          Under 1 % of the population: a small audience.
        </p>
      )}
    </div>
  );
}
