import type { Queryable } from "../../store/index.js";
import type { EngineTrait } from "./trait-writer.js";

/** What a refresh fitted for one trait: stored as a definition of kind "model" (one version per refresh). */
export interface ModelRecord {
  id: EngineTrait;
  version: number;
  fittedAt: string;
  asOf: string;
  /** Rows the model was fitted on (customers, training rows or profiles scored). */
  n: number;
  /** Fitted parameters or rules. */
  parameters: Record<string, unknown>;
  /** Cross-validated ROC AUC (propensity models only). */
  auc: { mean: number; folds: number[] } | null;
  rows: number;
  ms: number;
}

export const MODEL_KIND = "model";

/** Next version per model id (1 for a first fit). */
export async function nextVersions(db: Queryable, ids: readonly EngineTrait[]): Promise<Map<EngineTrait, number>> {
  const rows = await db.all<{ id: EngineTrait; v: number }>(
    "SELECT id, max(version) AS v FROM definitions WHERE kind = $1 GROUP BY id",
    [MODEL_KIND],
  );
  const last = new Map(rows.map((r) => [r.id, r.v]));
  return new Map(ids.map((id) => [id, (last.get(id) ?? 0) + 1]));
}

export async function saveModels(db: Queryable, models: readonly ModelRecord[], at: number): Promise<void> {
  for (const m of models)
    await db.run("INSERT INTO definitions VALUES ($1, $2, $3, $4, $5, $6, false)", [
      MODEL_KIND,
      m.id,
      m.version,
      m.id,
      JSON.stringify(m),
      at,
    ]);
}

/** The latest record of every model, by id. */
export async function latestModels(db: Queryable): Promise<ModelRecord[]> {
  const rows = await db.all<{ body: string }>(
    `SELECT d.body FROM definitions d JOIN (SELECT id, max(version) AS v FROM definitions WHERE kind = $1 GROUP BY id) m
       ON d.id = m.id AND d.version = m.v WHERE d.kind = $1 ORDER BY d.id`,
    [MODEL_KIND],
  );
  return rows.map((r) => JSON.parse(r.body) as ModelRecord);
}
