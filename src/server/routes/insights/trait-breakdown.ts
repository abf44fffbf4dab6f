import type { Queryable, SqlValue } from "../../../store/index.js";

export interface BreakdownBucket {
  label: string;
  /** Numeric bins: [from, to) (the last bin is closed). */
  from?: number;
  to?: number;
  members: number;
  population: number;
}

export interface TraitBreakdown {
  segment: string;
  trait: string;
  kind: "categorical" | "numeric";
  members: number;
  population: number;
  buckets: BreakdownBucket[];
  /** Profiles without the trait (or with null). */
  missing: { members: number; population: number };
}

const MAX_CATEGORIES = 20;
const BINS = 16;

/** Splits "address.city" → key "address", JSON path "$.city"; "$rfm.score" → computed "rfm", "$.score". */
export function traitSource(trait: string): { sql: string; params: SqlValue[] } {
  const computed = trait.startsWith("$");
  const [key = "", ...sub] = (computed ? trait.slice(1) : trait).split(".");
  const latest = computed
    ? "SELECT profile_id, arg_max(value, (computed_at, version)) AS v FROM computed_traits WHERE name = $2 GROUP BY profile_id"
    : "SELECT profile_id, arg_max(value, (ts, seq)) AS v FROM trait_values WHERE key = $2 GROUP BY profile_id";
  if (!sub.length) return { sql: latest, params: [key] };
  const path = `$.${sub.map((s) => `"${s.replaceAll('"', '\\"')}"`).join(".")}`;
  return {
    sql: `SELECT profile_id, json_extract(v, $3)::VARCHAR AS v FROM (${latest}) q`,
    params: [key, path],
  };
}

const labelOf = (raw: string): string => {
  try {
    const v: unknown = JSON.parse(raw);
    return typeof v === "string" ? v : JSON.stringify(v);
  } catch {
    return raw;
  }
};

/** Pads bin edges to numbers a reader recognises (1, 2, 2.5, 5 × 10^k steps). */
export function niceStep(span: number, bins: number): number {
  if (!(span > 0)) return 1;
  const raw = span / bins;
  const mag = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * mag >= raw) return m * mag;
  return 10 * mag;
}

/**
 * Value counts (categorical) or histogram bins (numeric) of one trait among a segment's current members versus the
 * whole population, computed in one pass over the trait's latest values. A trait is numeric when at least 90 % of
 * its present values are JSON numbers and it has more distinct values than fit as categories.
 */
export async function traitBreakdown(db: Queryable, segment: string, trait: string): Promise<TraitBreakdown> {
  const src = traitSource(trait);
  const base = `WITH tv AS (${src.sql}),
    x AS (SELECT p.profile_id, CASE WHEN tv.v IS NULL OR tv.v = 'null' THEN NULL ELSE tv.v END AS v,
            m.profile_id IS NOT NULL AS m,
            CASE WHEN json_type(tv.v) IN ('BIGINT', 'UBIGINT', 'DOUBLE', 'HUGEINT') THEN TRY_CAST(tv.v AS DOUBLE) END AS num
          FROM profiles p LEFT JOIN tv ON tv.profile_id = p.profile_id
          LEFT JOIN memberships m ON m.profile_id = p.profile_id AND m.segment_id = $1)`;
  const params: SqlValue[] = [segment, ...src.params];
  const [stats] = await db.all<{
    pop: number;
    mem: number;
    present: number;
    numeric: number;
    distinct_v: number;
    lo: number | null;
    hi: number | null;
    miss_pop: number;
    miss_mem: number;
  }>(
    `${base} SELECT count(*) AS pop, count(*) FILTER (WHERE m) AS mem, count(v) AS present, count(num) AS numeric,
       count(DISTINCT v) AS distinct_v, min(num) AS lo, max(num) AS hi,
       count(*) FILTER (WHERE v IS NULL) AS miss_pop, count(*) FILTER (WHERE v IS NULL AND m) AS miss_mem FROM x`,
    params,
  );
  const s = stats ?? {
    pop: 0,
    mem: 0,
    present: 0,
    numeric: 0,
    distinct_v: 0,
    lo: null,
    hi: null,
    miss_pop: 0,
    miss_mem: 0,
  };
  const out: TraitBreakdown = {
    segment,
    trait,
    kind: "categorical",
    members: s.mem,
    population: s.pop,
    buckets: [],
    missing: { members: s.miss_mem, population: s.miss_pop },
  };
  const numeric = s.present > 0 && s.numeric >= 0.9 * s.present && s.lo !== null && s.hi !== null;
  if (numeric && s.distinct_v > MAX_CATEGORIES) {
    out.kind = "numeric";
    const step = niceStep(s.hi! - s.lo!, BINS);
    const start = Math.floor(s.lo! / step) * step;
    const n = Math.max(1, Math.min(BINS + 2, Math.floor((s.hi! - start) / step) + 1));
    const rows = await db.all<{ b: number; pop: number; mem: number }>(
      `${base} SELECT least(floor((num - $${params.length + 1}) / $${params.length + 2})::BIGINT, $${params.length + 3}) AS b,
         count(*) AS pop, count(*) FILTER (WHERE m) AS mem FROM x WHERE num IS NOT NULL GROUP BY 1 ORDER BY 1`,
      [...params, start, step, n - 1],
    );
    const byBin = new Map(rows.map((r) => [r.b, r]));
    for (let i = 0; i < n; i++) {
      const from = start + i * step;
      const to = from + step;
      const r = byBin.get(i);
      out.buckets.push({
        label: `${+from.toPrecision(6)}–${+to.toPrecision(6)}`,
        from,
        to,
        members: r?.mem ?? 0,
        population: r?.pop ?? 0,
      });
    }
    return out;
  }
  const rows = await db.all<{ v: string; pop: number; mem: number; num: number | null }>(
    `${base} SELECT v, any_value(num) AS num, count(*) AS pop, count(*) FILTER (WHERE m) AS mem FROM x
       WHERE v IS NOT NULL GROUP BY v ORDER BY pop DESC, v LIMIT ${MAX_CATEGORIES + 1}`,
    params,
  );
  const top = rows.slice(0, MAX_CATEGORIES);
  if (numeric) top.sort((a, b) => (a.num ?? 0) - (b.num ?? 0));
  out.buckets = top.map((r) => ({ label: labelOf(r.v), members: r.mem, population: r.pop }));
  if (rows.length > MAX_CATEGORIES) {
    const shownPop = top.reduce((a, r) => a + r.pop, 0);
    const shownMem = top.reduce((a, r) => a + r.mem, 0);
    out.buckets.push({
      label: "(other)",
      members: s.mem - s.miss_mem - shownMem,
      population: s.pop - s.miss_pop - shownPop,
    });
  }
  return out;
}
