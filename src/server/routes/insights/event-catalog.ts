import type { Queryable } from "../../../store/index.js";

export interface CatalogEvent {
  name: string;
  count: number;
  lastSeen: string | null;
  properties: { key: string; type: string; share: number }[];
}

export interface CatalogTrait {
  key: string;
  profiles: number;
  type: string;
  /** The most frequent current values (strings, booleans, integers) for pickers; counts are estimated from a sample. */
  topValues: { value: unknown; profiles: number }[];
}

export interface Catalog {
  population: number;
  events: CatalogEvent[];
  traits: CatalogTrait[];
  computedTraits: { name: string; profiles: number; type: string }[];
}

const SAMPLE = 20_000;
const PROFILE_SAMPLE = 5_000;

const TYPE_NAMES: Record<string, string> = {
  BIGINT: "number",
  UBIGINT: "number",
  HUGEINT: "number",
  DOUBLE: "number",
  VARCHAR: "string",
  BOOLEAN: "boolean",
  OBJECT: "object",
  ARRAY: "array",
  NULL: "null",
};
const typeName = (t: string | null): string => (t ? (TYPE_NAMES[t] ?? t.toLowerCase()) : "unknown");

/**
 * What the store has seen, for the builder's pickers: event names with counts and property keys (from a
 * block sample of about 20,000 events; every event when the table is smaller), trait keys with their dominant type and top values, computed
 * trait names.
 */
export async function eventCatalog(db: Queryable): Promise<Catalog> {
  const [total] = await db.all<{ n: number }>("SELECT count(*) AS n FROM events");
  // System (block) sampling reads ~SAMPLE rows instead of decoding every properties string of a large table.
  const percent = Math.min(100, (100 * SAMPLE) / Math.max(1, total?.n ?? 0));
  const sample =
    percent >= 100 ? "events" : `(SELECT * FROM events USING SAMPLE ${percent.toFixed(4)} PERCENT (system))`;
  const [pop0] = await db.all<{ n: number }>("SELECT count(*) AS n FROM profiles");
  const population = pop0?.n ?? 0;
  // Types and top values of traits come from about 5,000 profiles (hash-picked, so stable between calls).
  const mod = Math.max(1, Math.ceil(population / PROFILE_SAMPLE));
  const [events, props, traitCounts, traits, computed] = await Promise.all([
    db.all<{ name: string; n: number; last: number | null }>(
      `SELECT event AS name, count(*) AS n, max(ts) AS last
       FROM events WHERE event IS NOT NULL GROUP BY 1 ORDER BY n DESC, name LIMIT 500`,
    ),
    db.all<{ name: string; k: string; t: string; n: number; total: number }>(
      `WITH s AS (SELECT event, properties FROM ${sample} e WHERE event IS NOT NULL AND properties IS NOT NULL),
         tot AS (SELECT event, count(*) AS total FROM s GROUP BY 1),
         k AS (SELECT event, unnest(json_keys(properties)) AS k, properties FROM s)
       SELECT k.event AS name, k.k, mode(json_type(json_extract(properties, '$."' || replace(k.k, '"', '\\"') || '"'))) AS t,
         count(*) AS n, any_value(tot.total) AS total
       FROM k JOIN tot USING (event) GROUP BY 1, 2 ORDER BY 1, n DESC, 2`,
    ),
    db.all<{ key: string; p: number }>(
      "SELECT key, approx_count_distinct(profile_id) AS p FROM trait_values WHERE value <> 'null' GROUP BY 1",
    ),
    db.all<{ key: string; p: number; t: string | null; tops: string | null }>(
      `WITH cur AS (SELECT key, arg_max(value, (ts, seq)) AS v FROM trait_values
                    WHERE hash(profile_id) % ${mod} = 0 GROUP BY profile_id, key),
         typed AS (SELECT key, v, json_type(v) AS t FROM cur WHERE v <> 'null'),
         c AS (SELECT key, v, count(*) AS p FROM typed
               WHERE t IN ('VARCHAR', 'BOOLEAN', 'BIGINT') AND length(v) <= 80 GROUP BY 1, 2),
         top AS (SELECT key, to_json(list({'v': v, 'p': p} ORDER BY p DESC, v))::VARCHAR AS tops
                 FROM (SELECT *, row_number() OVER (PARTITION BY key ORDER BY p DESC, v) AS r FROM c) WHERE r <= 12 GROUP BY 1)
       SELECT typed.key, count(*) AS p, mode(t) AS t, any_value(top.tops) AS tops
       FROM typed LEFT JOIN top ON top.key = typed.key GROUP BY 1 ORDER BY typed.key LIMIT 500`,
    ),
    db.all<{ name: string; p: number; t: string | null }>(
      `SELECT name, count(*) AS p, mode(json_type(value)) AS t FROM computed_traits GROUP BY 1 ORDER BY 1`,
    ),
  ]);
  const counts = new Map(traitCounts.map((r) => [r.key, r.p]));
  const propsBy = new Map<string, CatalogEvent["properties"]>();
  for (const r of props) {
    const list = propsBy.get(r.name) ?? [];
    list.push({ key: r.k, type: typeName(r.t), share: r.total ? r.n / r.total : 0 });
    propsBy.set(r.name, list);
  }
  return {
    population,
    events: events.map((e) => ({
      name: e.name,
      count: e.n,
      lastSeen: e.last === null ? null : new Date(e.last).toISOString(),
      properties: propsBy.get(e.name) ?? [],
    })),
    traits: traits
      .map((t) => ({
        key: t.key,
        profiles: counts.get(t.key) ?? t.p * mod,
        type: typeName(t.t),
        topValues: ((t.tops ? JSON.parse(t.tops) : []) as { v: string; p: number }[]).map((x) => ({
          value: JSON.parse(x.v) as unknown,
          profiles: x.p * mod,
        })),
      }))
      .sort((a, b) => b.profiles - a.profiles || a.key.localeCompare(b.key)),
    computedTraits: computed.map((c) => ({ name: c.name, profiles: c.p, type: typeName(c.t) })),
  };
}
