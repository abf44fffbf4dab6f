import { type Context, Hono } from "hono";
import { IntelEngine } from "../../intel/index.js";
import { parseInstant, TesseraError } from "../../model/index.js";
import type { Store } from "../../store/index.js";

const bad = (name: string, message: string): TesseraError =>
  new TesseraError({ code: "bad_query", path: [name], message: `${name}: ${message}` });

function asOfOf(v: unknown, name: string): number | undefined {
  if (v === undefined || v === null || v === "") return undefined;
  if (typeof v === "number" && Number.isFinite(v)) return v;
  const t = typeof v === "string" ? (/^\d{9,}$/.test(v) ? Number(v) : parseInstant(v)) : undefined;
  if (t === undefined) throw bad(name, `not an instant (ISO 8601, YYYY-MM-DD or epoch ms): ${String(v)}`);
  return t;
}

function kOf(c: Context): number {
  const v = c.req.query("k");
  if (v === undefined || v === "") return 10;
  const k = Number(v);
  if (!Number.isInteger(k) || k < 1 || k > 200) throw bad("k", `must be an integer from 1 to 200, got ${v}`);
  return k;
}

/** `{ asOf? }` from an optional JSON body, or `?asOf=` on the URL. */
async function refreshAsOf(c: Context): Promise<number | undefined> {
  const text = await c.req.text();
  let body: unknown = {};
  if (text.trim() !== "") {
    try {
      body = JSON.parse(text);
    } catch (e) {
      throw new TesseraError({ code: "bad_json", message: `body is not valid JSON: ${(e as Error).message}` });
    }
    if (body === null || typeof body !== "object" || Array.isArray(body))
      throw new TesseraError({ code: "bad_body", path: ["body"], message: "body must be a JSON object" });
  }
  return asOfOf((body as { asOf?: unknown }).asOf, "asOf") ?? asOfOf(c.req.query("asOf"), "asOf");
}

/**
 * The intelligence API (issue 7), mounted under /api: refresh the models into computed traits, the model registry,
 * recommendations per profile or segment, RFM segment counts and the channel mix.
 */
export function intelRoutes(store: Store, engine: IntelEngine = new IntelEngine(store)): Hono {
  const app = new Hono();

  app.post("/intel/refresh", async (c) => {
    const asOf = await refreshAsOf(c);
    const { changedProfiles: _, ...summary } = await engine.refresh(asOf === undefined ? {} : { asOf });
    return c.json(summary);
  });

  app.get("/intel/models", async (c) => c.json({ models: await engine.models() }));

  app.get("/intel/recommendations", async (c) => {
    const profile = c.req.query("profile");
    const segment = c.req.query("segment");
    const k = kOf(c);
    if ((profile === undefined) === (segment === undefined))
      throw bad("profile", "give exactly one of profile=ID or segment=ID");
    if (profile !== undefined) {
      const [known] = await store.all<{ n: number }>("SELECT count(*) AS n FROM profiles WHERE profile_id = $1", [
        profile,
      ]);
      if (!known?.n)
        throw new TesseraError(
          { code: "profile_not_found", path: ["profile"], message: `no profile "${profile}"` },
          404,
        );
      return c.json(await engine.recommendForProfile(profile, k));
    }
    return c.json(await engine.recommendForSegment(segment ?? "", k));
  });

  app.get("/intel/rfm/summary", async (c) => c.json(await engine.rfmSummary()));

  app.get("/intel/channel-mix", async (c) => {
    const segment = c.req.query("segment");
    return c.json(await engine.channelMix(segment === "" ? undefined : segment));
  });

  return app;
}
