import type { ReactNode } from "react";
import { ApiError } from "../api/client";

export function Loading(props: { label?: string }) {
  return (
    <div className="state loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {props.label ?? "Loading…"}
    </div>
  );
}

/** A missing API route renders as "not available yet" (feature not shipped on this server), never as fake data. */
export function ErrorState(props: { error: Error; what?: string; onRetry?: () => void }) {
  const e = props.error;
  if (e instanceof ApiError && e.notAvailable) return <NotAvailable what={props.what ?? "This view"} />;
  return (
    <div className="state error" role="alert">
      <strong>{props.what ? `Could not load ${props.what.toLowerCase()}` : "Something went wrong"}</strong>
      <span>{e instanceof ApiError ? `${e.message} (${e.code})` : e.message}</span>
      {props.onRetry && (
        <button type="button" className="btn small" onClick={props.onRetry}>
          Retry
        </button>
      )}
    </div>
  );
}

export function NotAvailable(props: { what: string }) {
  return (
    <div className="state empty not-available" data-testid="not-available">
      <strong>{props.what} is not available yet</strong>
      <span>This server does not expose the endpoint yet. It lights up as soon as the engine ships it.</span>
    </div>
  );
}

export function Empty(props: { children: ReactNode }) {
  return <div className="state empty">{props.children}</div>;
}

/** Renders loading / error / content for one useApi state. */
export function Async<T>(props: {
  state: { data: T | undefined; error: Error | undefined; loading: boolean; reload?: () => void };
  what: string;
  children: (data: T) => ReactNode;
}) {
  const { data, error, loading } = props.state;
  if (error)
    return (
      <ErrorState error={error} what={props.what} {...(props.state.reload ? { onRetry: props.state.reload } : {})} />
    );
  if (data === undefined) return loading ? <Loading label={`Loading ${props.what.toLowerCase()}…`} /> : null;
  return <>{props.children(data)}</>;
}

export const fmt = new Intl.NumberFormat("en-US");
export const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)} %`;
export const dateTime = (iso: string): string =>
  new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" });
