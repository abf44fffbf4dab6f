import type { Queryable } from "../../../store/index.js";

export interface CatalogEvent {
  name: string;
  count: number;
  profiles: number;
  lastSeen: string | null;
  properties: { key: string; type: string; share: number }[];
}

export interface CatalogTrait {
  key: string;
  profiles: number;
  type: string;
  /** The most frequent current values (strings, booleans and small numbers), for pickers. */
  topValues: { value: unknown; profiles: number }[];
}

export interface Catalog {
  population: number;
  events: CatalogEvent[];
  traits: CatalogTrait[];
  computedTraits: { name: string; profiles: number; type: string }[];
}

const SAMPLE = 20_000;

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
 * deterministic reservoir sample per the whole table), trait keys with their dominant type and top values, computed
 * trait names.
 */
export async function eventCatalog(db: Queryable): Promise<Catalog> {
  const [pop, events, props, traits, tops, computed] = await Promise.all([
    db.all<{ n: number }>("SELECT count(*) AS n FROM profiles"),
    db.all<{ name: string; n: number; p: number; last: number | null }>(
      `SELECT event AS name, count(*) AS n, count(DISTINCT profile_id) AS p, max(ts) AS last
       FROM events WHERE event IS NOT NULL GROUP BY 1 ORDER BY n DESC, name LIMIT 500`,
    ),
    db.all<{ name: string; k: string; t: string; n: number; total: number }>(
      `WITH s AS (SELECT event, properties FROM events WHERE event IS NOT NULL AND properties IS NOT NULL
                  USING SAMPLE reservoir(${SAMPLE} ROWS) REPEATABLE (7)),
         tot AS (SELECT event, count(*) AS total FROM s GROUP BY 1),
         k AS (SELECT event, unnest(json_keys(properties)) AS k, properties FROM s)
       SELECT k.event AS name, k.k, mode(json_type(json_extract(properties, '$."' || replace(k.k, '"', '\\"') || '"'))) AS t,
         count(*) AS n, any_value(tot.total) AS total
       FROM k JOIN tot USING (event) GROUP BY 1, 2 ORDER BY 1, n DESC, 2`,
    ),
    db.all<{ key: string; p: number; t: string | null }>(
      `WITH cur AS (SELECT profile_id, key, arg_max(value, (ts, seq)) AS v FROM trait_values GROUP BY 1, 2)
       SELECT key, count(*) FILTER (WHERE v <> 'null') AS p, mode(json_type(v)) FILTER (WHERE v <> 'null') AS t
       FROM cur GROUP BY 1 ORDER BY p DESC, key LIMIT 500`,
    ),
    db.all<{ key: string; v: string; p: number }>(
      `WITH cur AS (SELECT profile_id, key, arg_max(value, (ts, seq)) AS v FROM trait_values GROUP BY 1, 2),
         c AS (SELECT key, v, count(*) AS p FROM cur
               WHERE v <> 'null' AND json_type(v) IN ('VARCHAR', 'BOOLEAN', 'BIGINT') AND length(v) <= 80 GROUP BY 1, 2)
       SELECT key, v, p FROM (SELECT *, row_number() OVER (PARTITION BY key ORDER BY p DESC, v) AS r FROM c)
       WHERE r <= 12 ORDER BY key, p DESC, v`,
    ),
    db.all<{ name: string; p: number; t: string | null }>(
      `SELECT name, count(*) AS p, mode(json_type(value)) AS t FROM computed_traits GROUP BY 1 ORDER BY 1`,
    ),
  ]);
  const propsBy = new Map<string, CatalogEvent["properties"]>();
  for (const r of props) {
    const list = propsBy.get(r.name) ?? [];
    list.push({ key: r.k, type: typeName(r.t), share: r.total ? r.n / r.total : 0 });
    propsBy.set(r.name, list);
  }
  const topBy = new Map<string, CatalogTrait["topValues"]>();
  for (const r of tops) {
    const list = topBy.get(r.key) ?? [];
    list.push({ value: JSON.parse(r.v) as unknown, profiles: r.p });
    topBy.set(r.key, list);
  }
  return {
    population: pop[0]?.n ?? 0,
    events: events.map((e) => ({
      name: e.name,
      count: e.n,
      profiles: e.p,
      lastSeen: e.last === null ? null : new Date(e.last).toISOString(),
      properties: propsBy.get(e.name) ?? [],
    })),
    traits: traits.map((t) => ({ key: t.key, profiles: t.p, type: typeName(t.t), topValues: topBy.get(t.key) ?? [] })),
    computedTraits: computed.map((c) => ({ name: c.name, profiles: c.p, type: typeName(c.t) })),
  };
}
