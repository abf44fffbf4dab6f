import { TesseraError } from "../../model/index.js";
import type { Queryable, Store } from "../../store/index.js";
import { latestDefinition, latestDefinitions, putDefinition } from "./definition-store.js";
import { type DriftMonitor, parseDriftMonitor } from "./drift-monitor.js";
import { type Experiment, parseExperiment } from "./experiment-definition.js";

export const listExperiments = (db: Queryable): Promise<Experiment[]> =>
  latestDefinitions<Experiment>(db, "experiment");

export async function getExperiment(db: Queryable, id: string): Promise<Experiment> {
  const e = await latestDefinition<Experiment>(db, "experiment", id);
  if (!e) throw new TesseraError({ code: "experiment_not_found", path: ["id"], message: `no experiment "${id}"` }, 404);
  return e;
}

/**
 * Validates and stores an experiment (a new version when the id exists). `start` defaults to the creation instant
 * of the first version, so re-saving never moves the analysis window.
 */
export async function saveExperiment(store: Store, raw: unknown, at = Date.now()): Promise<Experiment> {
  const e = parseExperiment(raw);
  const prev = await latestDefinition<Experiment>(store, "experiment", e.id);
  const body: Experiment = { ...e, start: e.start ?? prev?.start ?? at, createdAt: prev?.createdAt ?? at };
  const version = await putDefinition(store, "experiment", e.id, e.name ?? e.id, body, at);
  return { ...body, version };
}

export const listDriftMonitors = (db: Queryable): Promise<DriftMonitor[]> =>
  latestDefinitions<DriftMonitor>(db, "drift_monitor");

export async function saveDriftMonitor(store: Store, raw: unknown, at = Date.now()): Promise<DriftMonitor> {
  const m = parseDriftMonitor(raw);
  const version = await putDefinition(store, "drift_monitor", m.id, m.name ?? m.id, m, at);
  return { ...m, version };
}
