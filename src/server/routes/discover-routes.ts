import { type Context, Hono } from "hono";
import {
  CLUSTER_TRAIT,
  ClusterRuns,
  profileAttributePower,
  refreshSentiment,
  SENTIMENT_TRAIT,
} from "../../discover/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import type { Store } from "../../store/index.js";
import { readJsonBody } from "../request-body.js";

const BODY_LIMIT = 1024 * 1024;

const bad = (path: string, message: string): TesseraError =>
  new TesseraError({ code: "bad_query", path: [path], message: `${path}: ${message}` });

/** An optional JSON object body (empty body → {}). */
async function optionalBody(c: Context): Promise<Record<string, unknown>> {
  if ((c.req.header("content-length") ?? "") === "0") return {};
  const text = await c.req.raw.clone().text();
  if (text.trim() === "") return {};
  const body = await readJsonBody(c, BODY_LIMIT);
  if (body === null || typeof body !== "object" || Array.isArray(body))
    throw new TesseraError({ code: "bad_body", path: ["body"], message: "body must be a JSON object" });
  return body as Record<string, unknown>;
}

function asOfOf(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const t = typeof v === "string" ? (/^\d{9,}$/.test(v) ? Number(v) : parseInstant(v)) : undefined;
  if (t === undefined) throw bad(name, `not an instant (ISO 8601, YYYY-MM-DD or epoch ms): ${String(v)}`);
  return t;
}

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

/** What the server ties to discovery: computed traits it rewrote and segments it created reach the live stream. */
export interface DiscoverHooks {
  /** Every row of these computed traits was rewritten (`cluster` by a run or a save, `sentiment` by a refresh). */
  onTraitsRewritten?: (names: readonly string[]) => Promise<void>;
  /** A segment was created (saving a cluster). */
  onSegmentsChanged?: () => Promise<void>;
}

/**
 * The discovery API (issue 8), mounted under /api: clustering runs over profile features, saving a cluster as a
 * segment, attribute predictive power and the sentiment computed trait.
 */
export function discoverRoutes(store: Store, hooks: DiscoverHooks = {}): Hono {
  const app = new Hono();
  const runs = new ClusterRuns(store);
  const rewritten = hooks.onTraitsRewritten ?? (async () => undefined);

  app.post("/discover/clusters", async (c) => {
    const run = await runs.run(await readJsonBody(c, BODY_LIMIT));
    await rewritten([CLUSTER_TRAIT]);
    return c.json(run);
  });

  app.get("/discover/runs", async (c) => c.json({ runs: await runs.list() }));

  app.get("/discover/runs/:id", async (c) => c.json(await runs.get(c.req.param("id"))));

  app.post("/discover/runs/:id/clusters/:label/save", async (c) => {
    const text = c.req.param("label");
    if (!/^\d{1,3}$/.test(text)) throw bad("label", `must be a cluster number, got ${text}`);
    const body = await optionalBody(c);
    const opts: { name?: string; segmentId?: string } = {};
    if (body.name !== undefined) {
      if (typeof body.name !== "string" || body.name === "") throw bad("name", "must be a non-empty string");
      opts.name = body.name;
    }
    if (body.id !== undefined) {
      if (typeof body.id !== "string" || body.id === "") throw bad("id", "must be a non-empty string");
      opts.segmentId = body.id;
    }
    const saved = await runs.saveCluster(c.req.param("id"), Number(text), opts);
    await rewritten([CLUSTER_TRAIT]);
    await hooks.onSegmentsChanged?.();
    return c.json(saved, 201);
  });

  app.get("/discover/attribute-power", async (c) => {
    const targets = list(c.req.query("target"));
    const features = list(c.req.query("features"));
    const positive = c.req.query("positive");
    const asOf = asOfOf(c.req.query("asOf"), "asOf");
    return c.json(
      await profileAttributePower(store, {
        ...(targets !== undefined && { targets }),
        ...(features !== undefined && { features }),
        ...(positive !== undefined && { positive }),
        ...(asOf !== undefined && { asOf }),
      }),
    );
  });

  app.post("/discover/sentiment/refresh", async (c) => {
    const body = await optionalBody(c);
    const asOf = asOfOf(body.asOf, "asOf") ?? asOfOf(c.req.query("asOf"), "asOf") ?? Date.now();
    const lang = typeof body.lang === "string" ? body.lang : (c.req.query("lang") ?? "en");
    const refreshed = await refreshSentiment(store, asOf, lang);
    await rewritten([SENTIMENT_TRAIT]);
    return c.json(refreshed);
  });

  return app;
}
