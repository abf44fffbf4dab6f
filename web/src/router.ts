import { useEffect, useState } from "react";

/** Hash routing (#/segments/vip?tab=overlap): every view's state lives in the URL so it can be shared. */
export interface Route {
  parts: string[];
  query: URLSearchParams;
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, "") || "/";
  const [p = "/", qs = ""] = raw.split("?", 2);
  return { parts: p.split("/").filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(qs) };
}

export function hrefOf(parts: readonly string[], query?: Record<string, string | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== "") qs.set(k, v);
  const s = qs.toString();
  return `#/${parts.map(encodeURIComponent).join("/")}${s ? `?${s}` : ""}`;
}

export function navigate(parts: readonly string[], query?: Record<string, string | undefined>): void {
  window.location.hash = hrefOf(parts, query);
}

/** Changes query keys of the current route without adding a history entry (filters, tabs, pickers). */
export function setQuery(patch: Record<string, string | undefined>): void {
  const r = parseHash(window.location.hash);
  const next: Record<string, string | undefined> = Object.fromEntries(r.query.entries());
  Object.assign(next, patch);
  const href = hrefOf(r.parts, next);
  window.history.replaceState(null, "", href);
  window.dispatchEvent(new HashChangeEvent("hashchange"));
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const on = (): void => setRoute(parseHash(window.location.hash));
    window.addEventListener("hashchange", on);
    return () => window.removeEventListener("hashchange", on);
  }, []);
  return route;
}
