import { DAY_MS, TesseraError } from "../../model/index.js";
import type { Queryable, Store } from "../../store/index.js";
import type { DriftLevel } from "../drift/psi.js";
import { latestDefinitions } from "./definition-store.js";
import { distributionShift, type FeatureSample, featureSample, type ShiftResult } from "./distribution-shift.js";
import type { DriftMonitor } from "./drift-monitor.js";
import { memberRelation, membersAsOf, resolveMembers } from "./segment-members.js";

export interface DriftCheck {
  monitor: string;
  kind: DriftMonitor["kind"];
  level: DriftLevel;
  periodStart: string | null;
  periodEnd: string;
  psi: number | null;
  sizeBefore?: number;
  sizeAfter?: number;
  sizeChange?: number | null;
  expectedN?: number;
  actualN?: number;
  bins?: ShiftResult["bins"];
  note?: string;
  /** Whether this run put an alert into the outbox (false when below notifyOn or already sent for this period). */
  alerted: boolean;
}

const RANK: Record<DriftLevel, number> = { ok: 0, watch: 1, alert: 2 };
/** Snapshots keep at most this many values (evenly spaced order statistics), so a reference stays small. */
const SNAPSHOT_MAX_VALUES = 50_000;

async function traitValuesAsOf(
  db: Queryable,
  ids: readonly string[],
  key: string,
  t: number,
): Promise<(string | null)[]> {
  const rows = await db.all<{ v: string | null }>(
    `SELECT tv.v FROM ${memberRelation("$1")} m LEFT JOIN (
       SELECT profile_id, arg_max(value, (ts, seq)) AS v FROM trait_values WHERE key = $2 AND ts <= $3 GROUP BY profile_id
     ) tv ON tv.profile_id = m.profile_id`,
    [JSON.stringify(ids), key, t],
  );
  return rows.map((r) => r.v);
}

function levelOfChange(change: number | null, watch: number, alert: number): DriftLevel {
  if (change === null) return "alert";
  const c = Math.abs(change);
  return c >= alert ? "alert" : c >= watch ? "watch" : "ok";
}

function compare(
  expected: FeatureSample,
  actual: FeatureSample,
  bins: number | undefined,
): Pick<DriftCheck, "psi" | "level" | "bins" | "note"> {
  if (expected.values.length === 0 || actual.values.length === 0) {
    return { psi: null, level: "ok", note: "a period has no values; nothing to compare" };
  }
  const s = distributionShift(expected, actual, bins);
  return { psi: s.psi, level: s.level, bins: s.bins };
}

/** Evenly spaced order statistics of a numeric sample (all of it when small): a compact reference distribution. */
function compactSample(s: FeatureSample): FeatureSample {
  if (s.kind !== "numeric" || s.values.length <= SNAPSHOT_MAX_VALUES) return s;
  const sorted = Float64Array.from(s.values).sort();
  const out = new Float64Array(SNAPSHOT_MAX_VALUES);
  for (let i = 0; i < out.length; i++) out[i] = sorted[Math.floor(((i + 0.5) * sorted.length) / out.length)]!;
  return { kind: "numeric", values: out };
}

async function checkMonitor(store: Store, m: DriftMonitor, at: number): Promise<Omit<DriftCheck, "alerted">> {
  const periodEnd = new Date(at).toISOString();
  if (m.kind === "segment_size" || m.kind === "segment_trait") {
    const start = at - (m.periodDays ?? 7) * DAY_MS;
    const before = await membersAsOf(store, m.segment, start);
    const after = await membersAsOf(store, m.segment, at);
    const head = { monitor: m.id, kind: m.kind, periodStart: new Date(start).toISOString(), periodEnd };
    if (m.kind === "segment_size") {
      const change = before.length > 0 ? after.length / before.length - 1 : after.length > 0 ? null : 0;
      return {
        ...head,
        psi: null,
        sizeBefore: before.length,
        sizeAfter: after.length,
        sizeChange: change,
        level: levelOfChange(change, m.watch ?? 0.1, m.alert ?? 0.25),
      };
    }
    const expected = featureSample(await traitValuesAsOf(store, before, m.trait, start));
    const actual = featureSample(await traitValuesAsOf(store, after, m.trait, at));
    return {
      ...head,
      sizeBefore: before.length,
      sizeAfter: after.length,
      expectedN: expected.values.length,
      actualN: actual.values.length,
      ...compare(expected, actual, m.bins),
    };
  }
  const cohort = m.segment === undefined ? null : (await resolveMembers(store, m.segment, { asOf: at })).ids;
  const rows = await store.all<{ v: string | null }>(
    `SELECT c.value AS v FROM computed_traits c ${cohort === null ? "" : `SEMI JOIN ${memberRelation("$2")} m ON c.profile_id = m.profile_id`}
     WHERE c.name = $1 AND c.computed_at <= $${cohort === null ? 2 : 3}`,
    cohort === null ? [m.trait, at] : [m.trait, JSON.stringify(cohort), at],
  );
  const actual = featureSample(rows.map((r) => r.v));
  const prev = await store.all<{ taken_at: number; data: string }>(
    "SELECT taken_at, data FROM snapshots WHERE starts_with(name, $1) AND taken_at < $2 ORDER BY taken_at DESC LIMIT 1",
    [`drift:${m.id}:`, at],
  );
  await store.transaction(async (tx) => {
    const name = `drift:${m.id}:${periodEnd}`;
    await tx.run("DELETE FROM snapshots WHERE name = $1", [name]);
    const c = compactSample(actual);
    const data = { kind: c.kind, values: Array.from(c.values as ArrayLike<number | string>) };
    await tx.run("INSERT INTO snapshots VALUES ($1, $2, $3)", [name, at, JSON.stringify(data)]);
  });
  const head = { monitor: m.id, kind: m.kind, periodEnd, actualN: actual.values.length };
  const ref = prev[0];
  if (!ref)
    return { ...head, periodStart: null, psi: null, level: "ok", note: "first run: baseline snapshot recorded" };
  const parsed = JSON.parse(ref.data) as { kind: "numeric" | "categorical"; values: (number | string)[] };
  const expected: FeatureSample =
    parsed.kind === "numeric"
      ? { kind: "numeric", values: Float64Array.from(parsed.values as number[]) }
      : { kind: "categorical", values: parsed.values as string[] };
  return {
    ...head,
    periodStart: new Date(ref.taken_at).toISOString(),
    expectedN: expected.values.length,
    ...compare(expected, actual, m.bins),
  };
}

/** Puts one alert into the activation outbox (destination "*", kind "alert"); false when its key was already used. */
export async function enqueueAlert(store: Store, key: string, payload: object, at: number): Promise<boolean> {
  return store.transaction(async (tx) => {
    const dup = await tx.all("SELECT 1 FROM outbox WHERE idempotency_key = $1", [key]);
    if (dup.length > 0) return false;
    // Taken inside the write transaction: outbox readers rely on rows committing in seq order.
    const seq = await store.nextSeq("outbox");
    await tx.run("INSERT INTO outbox VALUES ($1, $2, '*', 'alert', NULL, $3, 'pending', 0, $4, NULL, $4, NULL)", [
      seq,
      key,
      JSON.stringify(payload),
      at,
    ]);
    return true;
  });
}

/**
 * Runs every drift monitor (or the ones named) for the period ending at `at`; a level at or above the monitor's
 * notifyOn becomes an outbox alert with idempotency key `${monitor}:${periodEnd}`, so re-running a period never
 * alerts twice.
 */
export async function runDriftMonitors(
  store: Store,
  opts: { at?: number; ids?: readonly string[] } = {},
): Promise<DriftCheck[]> {
  const at = opts.at ?? Date.now();
  const all = await latestDefinitions<DriftMonitor>(store, "drift_monitor");
  const wanted = opts.ids ? new Set(opts.ids) : null;
  if (wanted) {
    const missing = [...wanted].filter((id) => !all.some((m) => m.id === id));
    if (missing.length > 0) {
      throw new TesseraError(
        { code: "monitor_not_found", path: ["monitors"], message: `no drift monitor ${missing.join(", ")}` },
        404,
      );
    }
  }
  const out: DriftCheck[] = [];
  for (const m of all) {
    if (wanted && !wanted.has(m.id)) continue;
    const check = await checkMonitor(store, m, at);
    let alerted = false;
    if (RANK[check.level] >= RANK[m.notifyOn ?? "alert"] && check.level !== "ok") {
      const { bins: _bins, ...summary } = check;
      alerted = await enqueueAlert(
        store,
        `${m.id}:${check.periodEnd}`,
        {
          ...summary,
          name: m.name ?? m.id,
          segment: "segment" in m ? m.segment : undefined,
          trait: "trait" in m ? m.trait : undefined,
        },
        at,
      );
    }
    out.push({ ...check, alerted });
  }
  return out;
}

/** Alerts in the outbox, newest first. */
export async function listAlerts(db: Queryable, limit = 100): Promise<object[]> {
  const rows = await db.all<{
    seq: number;
    idempotency_key: string;
    payload: string;
    status: string;
    created_at: number;
  }>(
    "SELECT seq, idempotency_key, payload, status, created_at FROM outbox WHERE kind = 'alert' ORDER BY seq DESC LIMIT $1",
    [limit],
  );
  return rows.map((r) => ({
    seq: r.seq,
    key: r.idempotency_key,
    status: r.status,
    createdAt: new Date(r.created_at).toISOString(),
    ...(JSON.parse(r.payload) as object),
  }));
}
