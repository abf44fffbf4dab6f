import type { Queryable, Store } from "../store/index.js";

export type DefinitionKind = "segment" | "computed_trait";

export interface StoredDefinition<T> {
  id: string;
  version: number;
  name: string;
  body: T;
  createdAt: number;
  deleted: boolean;
}

interface Row extends Record<string, unknown> {
  id: string;
  version: number;
  name: string;
  body: string;
  created_at: number;
  deleted: boolean;
}

const toDef = <T>(r: Row): StoredDefinition<T> => ({
  id: r.id,
  version: r.version,
  name: r.name,
  body: JSON.parse(r.body) as T,
  createdAt: r.created_at,
  deleted: r.deleted,
});

/** Versioned definitions (table `definitions`): every edit appends a version; deletion appends a tombstone. */
export class DefinitionRepo<T> {
  constructor(
    private readonly store: Store,
    private readonly kind: DefinitionKind,
  ) {}

  /** Latest version of every live definition, ordered by id. */
  async latest(db: Queryable = this.store): Promise<StoredDefinition<T>[]> {
    const rows = await db.all<Row>(
      `SELECT d.* FROM definitions d JOIN (SELECT id, max(version) AS v FROM definitions WHERE kind = $1 GROUP BY id) m
       ON d.id = m.id AND d.version = m.v WHERE d.kind = $1 AND NOT d.deleted ORDER BY d.id`,
      [this.kind],
    );
    return rows.map((r) => toDef<T>(r));
  }

  async get(id: string, version?: number, db: Queryable = this.store): Promise<StoredDefinition<T> | undefined> {
    const rows = await db.all<Row>(
      version === undefined
        ? "SELECT * FROM definitions WHERE kind = $1 AND id = $2 ORDER BY version DESC LIMIT 1"
        : "SELECT * FROM definitions WHERE kind = $1 AND id = $2 AND version = $3",
      version === undefined ? [this.kind, id] : [this.kind, id, version],
    );
    const r = rows[0];
    return r && (version !== undefined || !r.deleted) ? toDef<T>(r) : undefined;
  }

  /** Appends a version (1 for a new id) and returns its number. */
  async put(id: string, name: string, body: T, at: number, deleted = false): Promise<number> {
    return this.store.transaction(async (tx) => {
      const r = await tx.all<{ v: number | null }>(
        "SELECT max(version) AS v FROM definitions WHERE kind = $1 AND id = $2",
        [this.kind, id],
      );
      const version = (r[0]?.v ?? 0) + 1;
      await tx.run("INSERT INTO definitions VALUES ($1, $2, $3, $4, $5, $6, $7)", [
        this.kind,
        id,
        version,
        name,
        JSON.stringify({ ...body, version }),
        at,
        deleted,
      ]);
      return version;
    });
  }
}
