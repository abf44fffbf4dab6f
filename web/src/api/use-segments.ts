import { useMemo } from "react";
import { type Catalog, listOf, type SegmentRecord, type SegmentStat } from "./types";
import { useApi } from "./use-api";

export interface SegmentRow extends SegmentRecord {
  size: number;
  entered: number;
  exited: number;
  growth: number | null;
}

/** Segment records (segments API) joined with sizes and growth (insights API). */
export function useSegments(days = 7) {
  // ?sizes: exact sizes at now from the batch engine; stats add entries/exits from the membership log.
  const list = useApi<{ segments: SegmentRecord[]; population?: number }>("/api/segments?sizes");
  const stats = useApi<{ population: number; segments: SegmentStat[] }>(`/api/segment-stats?days=${days}`);
  const rows = useMemo<SegmentRow[] | undefined>(() => {
    if (list.data === undefined || stats.data === undefined) return undefined;
    const byId = new Map(stats.data.segments.map((s) => [s.id, s]));
    return listOf<SegmentRecord>(list.data, "segments").map((s) => {
      const st = byId.get(s.id);
      return {
        ...s,
        size: s.size ?? st?.size ?? 0,
        entered: st?.entered ?? 0,
        exited: st?.exited ?? 0,
        growth: st?.growth ?? null,
      };
    });
  }, [list.data, stats.data]);
  return {
    rows,
    population: list.data?.population ?? stats.data?.population ?? 0,
    error: list.error ?? stats.error,
    loading: list.loading || stats.loading,
    reload: () => {
      list.reload();
      stats.reload();
    },
  };
}

export const useCatalog = () => useApi<Catalog>("/api/catalog");
