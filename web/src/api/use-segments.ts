import { useMemo } from "react";
import { type Catalog, listOf, type SegmentRecord, type SegmentStat } from "./types";
import { useApi } from "./use-api";

export interface SegmentRow extends SegmentRecord {
  size: number;
  entered: number;
  exited: number;
  growth: number | null;
  /** False when the segment has no rows in memberships/membership_log yet (size then comes from the batch engine). */
  materialised: boolean;
}

/**
 * Segment records (segments API) joined with sizes and growth from the materialised memberships (insights API, one
 * cheap aggregate). Segments that were never materialised (just saved, not refreshed yet) get their size from the
 * batch engine (`GET /api/segments?sizes`), fetched only when such a segment exists.
 */
export function useSegments(days = 7, liveSizes = true) {
  const list = useApi<{ segments: SegmentRecord[] }>("/api/segments");
  const stats = useApi<{ population: number; segments: SegmentStat[] }>(`/api/segment-stats?days=${days}`);
  const records = useMemo(() => (list.data ? listOf<SegmentRecord>(list.data, "segments") : undefined), [list.data]);
  const missing = useMemo(() => {
    if (!records || !stats.data) return false;
    const known = new Set(stats.data.segments.map((s) => s.id));
    return records.some((r) => !known.has(r.id));
  }, [records, stats.data]);
  const live = useApi<{ segments: SegmentRecord[]; population: number }>(
    missing && liveSizes ? "/api/segments?sizes" : null,
  );
  const rows = useMemo<SegmentRow[] | undefined>(() => {
    if (!records || !stats.data || (missing && liveSizes && !live.data)) return undefined;
    const byId = new Map(stats.data.segments.map((s) => [s.id, s]));
    const liveSize = new Map((live.data?.segments ?? []).map((s) => [s.id, s.size ?? 0]));
    return records.map((s) => {
      const st = byId.get(s.id);
      return {
        ...s,
        size: st?.size ?? liveSize.get(s.id) ?? 0,
        entered: st?.entered ?? 0,
        exited: st?.exited ?? 0,
        growth: st ? st.growth : null,
        materialised: st !== undefined,
      };
    });
  }, [records, stats.data, missing, live.data, liveSizes]);
  return {
    rows,
    population: stats.data?.population ?? 0,
    error: list.error ?? stats.error ?? live.error,
    loading: list.loading || stats.loading || live.loading,
    reload: () => {
      list.reload();
      stats.reload();
      live.reload();
    },
  };
}

export const useCatalog = () => useApi<Catalog>("/api/catalog");
