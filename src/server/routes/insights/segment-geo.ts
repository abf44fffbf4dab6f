import type { Queryable } from "../../../store/index.js";

export interface GeoCell {
  lat: number;
  lon: number;
  members: number;
  population: number;
}

/**
 * Members and population per grid cell of `cell` degrees, from numeric traits `lat`/`lon` or from one trait holding
 * {lat, lon} (DESIGN.md §3 `near`). Cell coordinates are the cell centres.
 */
export async function segmentGeo(
  db: Queryable,
  segment: string,
  opts: { trait?: string; cell?: number } = {},
): Promise<{ segment: string; cell: number; cells: GeoCell[] }> {
  const cell = Math.min(Math.max(opts.cell ?? 1, 0.05), 10);
  const latest = (key: string, path: string): string =>
    `SELECT profile_id, TRY_CAST(json_extract(arg_max(value, (ts, seq)), '${path}')::VARCHAR AS DOUBLE) AS v
     FROM trait_values WHERE key = ${key} GROUP BY profile_id`;
  const pts = opts.trait
    ? `SELECT a.profile_id, a.v AS lat, b.v AS lon FROM (${latest("$2", "$.lat")}) a JOIN (${latest("$2", "$.lon")}) b USING (profile_id)`
    : `SELECT a.profile_id, a.v AS lat, b.v AS lon FROM (${latest("'lat'", "$")}) a JOIN (${latest("'lon'", "$")}) b USING (profile_id)`;
  const rows = await db.all<{ la: number; lo: number; mem: number; pop: number }>(
    `SELECT floor(lat / ${cell}) AS la, floor(lon / ${cell}) AS lo, count(*) FILTER (WHERE m.profile_id IS NOT NULL) AS mem,
       count(*) AS pop
     FROM (${pts}) p LEFT JOIN memberships m ON m.profile_id = p.profile_id AND m.segment_id = $1
     WHERE lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180 GROUP BY 1, 2 ORDER BY pop DESC LIMIT 5000`,
    opts.trait ? [segment, opts.trait] : [segment],
  );
  return {
    segment,
    cell,
    cells: rows.map((r) => ({
      lat: (r.la + 0.5) * cell,
      lon: (r.lo + 0.5) * cell,
      members: r.mem,
      population: r.pop,
    })),
  };
}
