import type { Queryable, Store } from "../../store/index.js";

/** Definition kinds this module owns in the `definitions` table (segments are read, never written, here). */
export type MeasureDefinitionKind = "experiment" | "drift_monitor" | "setting";

interface DefinitionRow extends Record<string, unknown> {
  id: string;
  version: number;
  body: string;
  deleted: boolean;
}

/** Latest live body of every definition of a kind, ordered by id. */
export async function latestDefinitions<T>(db: Queryable, kind: string): Promise<T[]> {
  const rows = await db.all<DefinitionRow>(
    `SELECT d.id, d.version, d.body, d.deleted FROM definitions d
     JOIN (SELECT id, max(version) AS v FROM definitions WHERE kind = $1 GROUP BY id) m ON d.id = m.id AND d.version = m.v
     WHERE d.kind = $1 ORDER BY d.id`,
    [kind],
  );
  return rows.filter((r) => !r.deleted).map((r) => JSON.parse(r.body) as T);
}

/** Latest live body of one definition, or undefined. */
export async function latestDefinition<T>(db: Queryable, kind: string, id: string): Promise<T | undefined> {
  const rows = await db.all<DefinitionRow>(
    "SELECT id, version, body, deleted FROM definitions WHERE kind = $1 AND id = $2 ORDER BY version DESC LIMIT 1",
    [kind, id],
  );
  const r = rows[0];
  return r && !r.deleted ? (JSON.parse(r.body) as T) : undefined;
}

/**
 * Appends a new version (editing never overwrites: the history of an experiment or monitor stays readable) and
 * returns its number. The body is stored with its `version`.
 */
export async function putDefinition<T extends object>(
  store: Store,
  kind: MeasureDefinitionKind,
  id: string,
  name: string,
  body: T,
  at: number,
): Promise<number> {
  return store.transaction(async (tx) => {
    const r = await tx.all<{ v: number | null }>(
      "SELECT max(version) AS v FROM definitions WHERE kind = $1 AND id = $2",
      [kind, id],
    );
    const version = (r[0]?.v ?? 0) + 1;
    await tx.run("INSERT INTO definitions VALUES ($1, $2, $3, $4, $5, $6, $7)", [
      kind,
      id,
      version,
      name,
      JSON.stringify({ ...body, version }),
      at,
      false,
    ]);
    return version;
  });
}
