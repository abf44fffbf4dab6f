import { type Context, Hono } from "hono";
import {
  assignVariant,
  cohortKpis,
  engineAttribution,
  engineJourneys,
  experimentResults,
  getExperiment,
  getGlobalHoldout,
  type KpiEvents,
  type KpiValues,
  listAlerts,
  listDriftMonitors,
  listExperiments,
  observedExperiment,
  resolveMembers,
  runDriftMonitors,
  saveDriftMonitor,
  saveExperiment,
  segmentLift,
  setGlobalHoldout,
} from "../../measure/index.js";
import { DAY_MS, parseDuration, parseInstant, TesseraError } from "../../model/index.js";
import type { Store } from "../../store/index.js";
import { readJsonBody } from "../request-body.js";

const BODY_LIMIT = 16 * 1024 * 1024;
const DEFAULT_DAYS = 30;

const bad = (name: string, message: string): TesseraError =>
  new TesseraError({ code: "bad_query", path: [name], message: `${name}: ${message}` });

type Query = Record<string, string | undefined>;

function instant(q: Query, name: string): number | undefined {
  const v = q[name];
  if (v === undefined || v === "") return undefined;
  const t = /^\d{9,}$/.test(v) ? Number(v) : parseInstant(v);
  if (t === undefined) throw bad(name, `not an instant (ISO 8601, YYYY-MM-DD or epoch ms): ${v}`);
  return t;
}

function int(q: Query, name: string, min: number, max: number): number | undefined {
  const v = q[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max) throw bad(name, `must be an integer from ${min} to ${max}, got ${v}`);
  return n;
}

function positive(q: Query, name: string): number | undefined {
  const v = q[name];
  if (v === undefined || v === "") return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n)) throw bad(name, `must be a positive number, got ${v}`);
  return n;
}

function required(q: Query, name: string): string {
  const v = q[name];
  if (v === undefined || v === "") throw bad(name, "is required");
  return v;
}

const list = (v: string | undefined, sep = ","): string[] =>
  (v ?? "")
    .split(sep)
    .map((s) => s.trim())
    .filter((s) => s !== "");

/** [from, to): `to` defaults to now, `from` to 30 days before `to`. */
function range(q: Query): { from: number; to: number } {
  const to = instant(q, "to") ?? Date.now();
  const from = instant(q, "from") ?? to - DEFAULT_DAYS * DAY_MS;
  if (!(to > from)) throw bad("to", "must be after from");
  return { from, to };
}

function kpiEvents(q: Query): Partial<KpiEvents> {
  const out: Partial<KpiEvents> = {};
  if (q["conversion"]) out.conversion = q["conversion"];
  if (q["revenueProperty"]) out.revenueProperty = q["revenueProperty"];
  if (q["clicks"]) out.clicks = q["clicks"];
  if (q["addToCarts"]) out.addToCarts = q["addToCarts"];
  return out;
}

/** Query parameters of a GET, or the fields of a POST body (strings kept, arrays for `members`). */
async function input(c: Context): Promise<{ q: Query; members?: string[] }> {
  if (c.req.method !== "POST") return { q: c.req.query() };
  const body = await readJsonBody(c, BODY_LIMIT);
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw bad("body", "must be a JSON object");
  const q: Query = {};
  let members: string[] | undefined;
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === "members") {
      if (!Array.isArray(v) || !v.every((x) => typeof x === "string"))
        throw bad("members", "must be an array of profile ids");
      members = v as string[];
    } else if (typeof v === "string" || typeof v === "number") q[k] = String(v);
  }
  return members ? { q, members } : { q };
}

const INDEXED = ["conversionRate", "revenuePerMember", "averageOrderValue", "retention"] as const;

function index(seg: KpiValues, base: KpiValues): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  for (const k of INDEXED) {
    const a = seg[k];
    const b = base[k];
    out[k] = a === null || b === null || b === 0 ? null : a / b - 1;
  }
  return out;
}

/** The measurement API (issue 9), mounted under /api: KPIs, lift, experiments, attribution, journeys, drift, holdouts. */
export function measureRoutes(store: Store): Hono {
  const app = new Hono();

  const kpis = async (c: Context) => {
    const { q, members } = await input(c);
    const r = range(q);
    const m = await resolveMembers(store, c.req.param("id") ?? "", {
      asOf: r.to,
      ...(members ? { given: members } : {}),
    });
    const retentionDays = int(q, "retentionDays", 1, 365);
    const k = await cohortKpis(store, m.segment, m.ids, {
      ...r,
      events: kpiEvents(q),
      ...(retentionDays !== undefined ? { retentionDays } : {}),
      ...(q["clvTrait"] ? { clvTrait: q["clvTrait"] } : {}),
    });
    // With a holdout, the treated-vs-held-out lift over the same range rides along (null when a group is empty).
    let lift: Awaited<ReturnType<typeof segmentLift>> | null = null;
    if (m.record?.holdout && m.record.holdout.percent > 0) {
      lift = await segmentLift(store, m, { ...r, ...(q["conversion"] ? { conversion: q["conversion"] } : {}) }).catch(
        (e: unknown) => {
          if (e instanceof TesseraError && e.code === "empty_group") return null;
          throw e;
        },
      );
    }
    return c.json({ segment: m.segment, source: m.source, ...k, lift });
  };
  app.get("/segments/:id/kpis", kpis);
  app.post("/segments/:id/kpis", kpis);

  const lift = async (c: Context) => {
    const { q, members } = await input(c);
    const r = range(q);
    const against = q["against"] ?? "segment";
    if (against !== "segment" && against !== "global")
      throw bad("against", `must be segment or global, got ${against}`);
    const m = await resolveMembers(store, c.req.param("id") ?? "", {
      asOf: r.to,
      ...(members ? { given: members } : {}),
    });
    return c.json(
      await segmentLift(store, m, {
        ...r,
        against,
        ...(q["conversion"] ? { conversion: q["conversion"] } : {}),
        ...(q["revenueProperty"] ? { revenueProperty: q["revenueProperty"] } : {}),
      }),
    );
  };
  app.get("/segments/:id/lift", lift);
  app.post("/segments/:id/lift", lift);

  app.get("/kpis/compare", async (c) => {
    const q = c.req.query();
    const ids = list(q["segments"]);
    if (ids.length === 0) throw bad("segments", "name at least one segment (segments=a,b,c)");
    const r = range(q);
    const opts = { ...r, events: kpiEvents(q) };
    const everyone = (await store.all<{ profile_id: string }>("SELECT profile_id FROM profiles")).map(
      (x) => x.profile_id,
    );
    const population = await cohortKpis(store, null, everyone, opts);
    const segments = [];
    for (const id of ids) {
      const m = await resolveMembers(store, id, { asOf: r.to });
      const k = await cohortKpis(store, id, m.ids, opts);
      segments.push({
        segment: id,
        source: m.source,
        members: k.members,
        totals: k.totals,
        index: index(k.totals, population.totals),
      });
    }
    return c.json({
      from: population.from,
      to: population.to,
      population: { members: population.members, totals: population.totals },
      segments,
    });
  });

  app.get("/experiments", async (c) => c.json({ experiments: await listExperiments(store) }));
  app.post("/experiments", async (c) => c.json(await saveExperiment(store, await readJsonBody(c, BODY_LIMIT)), 201));
  app.get("/experiments/observed", async (c) => {
    const q = c.req.query();
    const kind = q["kind"] ?? "proportion";
    if (kind !== "proportion" && kind !== "mean") throw bad("kind", `must be proportion or mean, got ${kind}`);
    const opt = (name: string) => (q[name] ? { [name]: q[name] } : {});
    const r = await observedExperiment(store, {
      experiment: required(q, "experiment"),
      conversion: q["conversion"] ?? "Order Completed",
      windowDays: positive(q, "windowDays") ?? 14,
      kind,
      ...opt("exposureEvent"),
      ...opt("variantProperty"),
      ...opt("experimentProperty"),
      ...opt("trigger"),
      ...opt("property"),
      ...opt("control"),
    });
    return c.json(r);
  });
  app.get("/experiments/:id", async (c) => c.json(await getExperiment(store, c.req.param("id"))));
  app.get("/experiments/:id/results", async (c) =>
    c.json(await experimentResults(store, await getExperiment(store, c.req.param("id")))),
  );
  app.get("/experiments/:id/assignment", async (c) => {
    const profile = required(c.req.query(), "profile");
    const e = await getExperiment(store, c.req.param("id"));
    return c.json({ experiment: e.id, profile, variant: assignVariant(e, profile) });
  });

  const cohort = async (q: Query, asOf: number | undefined): Promise<string[] | null> =>
    q["segment"] ? (await resolveMembers(store, q["segment"], asOf !== undefined ? { asOf } : {})).ids : null;

  app.get("/attribution", async (c) => {
    const q = c.req.query();
    const from = instant(q, "from");
    const to = instant(q, "to");
    const order = int(q, "order", 1, 4);
    const r = await engineAttribution(store, await cohort(q, to), {
      touch: q["touch"] ?? "Campaign Touch",
      channelProperty: q["channelProperty"] ?? "channel",
      conversion: q["conversion"] ?? "Order Completed",
      ...(q["valueProperty"] ? { valueProperty: q["valueProperty"] } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(order !== undefined ? { order } : {}),
      ...(q["halfLife"] ? { halfLifeMs: parseDuration(q["halfLife"], ["halfLife"]) } : {}),
    });
    return c.json({ segment: q["segment"] ?? null, ...r });
  });

  app.get("/journeys", async (c) => {
    const q = c.req.query();
    const from = instant(q, "from");
    const to = instant(q, "to");
    const events = list(q["events"]);
    const top = int(q, "top", 1, 1000);
    const depth = int(q, "depth", 1, 50);
    const r = await engineJourneys(store, await cohort(q, to), {
      funnel: list(q["funnel"], ">"),
      windowMs: q["window"] ? parseDuration(q["window"], ["window"]) : 7 * DAY_MS,
      ...(events.length > 0 ? { events } : {}),
      ...(top !== undefined ? { top } : {}),
      ...(depth !== undefined ? { depth } : {}),
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
    });
    return c.json({ segment: q["segment"] ?? null, ...r });
  });

  app.get("/drift/monitors", async (c) => c.json({ monitors: await listDriftMonitors(store) }));
  app.post("/drift/monitors", async (c) =>
    c.json(await saveDriftMonitor(store, await readJsonBody(c, BODY_LIMIT)), 201),
  );
  app.post("/drift/run", async (c) => {
    const text = await c.req.text();
    let body: Record<string, unknown> = {};
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text) as Record<string, unknown>;
      } catch (e) {
        throw new TesseraError({ code: "bad_json", message: `body is not valid JSON: ${(e as Error).message}` });
      }
    }
    const q: Query = { ...c.req.query() };
    if (typeof body["at"] === "string" || typeof body["at"] === "number") q["at"] = String(body["at"]);
    const at = instant(q, "at");
    const ids = Array.isArray(body["monitors"]) ? body["monitors"].map(String) : list(q["monitors"]);
    const checks = await runDriftMonitors(store, {
      ...(at !== undefined ? { at } : {}),
      ...(ids.length ? { ids } : {}),
    });
    return c.json({ checks });
  });
  app.get("/drift/alerts", async (c) =>
    c.json({ alerts: await listAlerts(store, int(c.req.query(), "limit", 1, 10_000) ?? 100) }),
  );

  app.get("/holdout/global", async (c) => c.json({ holdout: await getGlobalHoldout(store) }));
  app.put("/holdout/global", async (c) =>
    c.json({ holdout: await setGlobalHoldout(store, await readJsonBody(c, BODY_LIMIT)) }),
  );
  return app;
}
