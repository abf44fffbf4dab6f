import { useCallback, useEffect, useRef, useState } from "react";
import { type ApiError, apiGet } from "./client";

export interface ApiState<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  reload: () => void;
}

/** Fetches `path` (null = skip) and refetches when it changes; aborts stale requests. */
export function useApi<T>(path: string | null): ApiState<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError | Error; loading: boolean }>({ loading: !!path });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((x) => x + 1), []);
  const current = useRef<string | null>(null);
  useEffect(() => {
    void tick;
    if (!path) {
      setState({ loading: false });
      return;
    }
    const ctrl = new AbortController();
    current.current = path;
    setState((s) => ({ ...(s.data !== undefined ? { data: s.data } : {}), loading: true }));
    apiGet<T>(path, ctrl.signal).then(
      (data) => {
        if (current.current === path) setState({ data, loading: false });
      },
      (error: unknown) => {
        if (ctrl.signal.aborted) return;
        setState({ error: error instanceof Error ? error : new Error(String(error)), loading: false });
      },
    );
    return () => ctrl.abort();
  }, [path, tick]);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
