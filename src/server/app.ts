import { Hono } from "hono";
import type { KeyStore } from "../auth/index.js";
import type { Ingestor } from "../ingest/index.js";
import type { ProfileService } from "../profiles/index.js";
import type { Store } from "../store/index.js";
import { apiAuth } from "./api-auth.js";
import { errorResponse } from "./http-errors.js";
import { Metrics } from "./metrics.js";
import { importRoutes } from "./routes/import-routes.js";
import { ingestRoutes } from "./routes/ingest-routes.js";
import { keysRoutes } from "./routes/keys-routes.js";
import { type ErasureHooks, profilesRoutes } from "./routes/profiles-routes.js";

export interface AppContext {
  store: Store;
  ingestor: Ingestor;
  keys: KeyStore;
  profiles: ProfileService;
  metrics?: Metrics;
  localToken?: string;
  /** Extra /api sub-apps from other modules (segments, intel, …), mounted after auth. */
  apiRoutes?: Hono[];
  /** Called after a successful write to /api/segments (create, edit, delete) so streaming picks it up. */
  onSegmentsChanged?: () => Promise<void>;
  /** Everything beyond the tables that must forget an erased person (the live stream). */
  erasure?: ErasureHooks;
  /** Serves the Segment Maps UI for every non-API GET when present. */
  web?: Hono;
}

export function createApp(ctx: AppContext): { app: Hono; metrics: Metrics } {
  const metrics = ctx.metrics ?? new Metrics();
  const app = new Hono();
  app.onError((err, c) => errorResponse(c, err));
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route for ${c.req.method} ${c.req.path}` } }, 404),
  );

  app.use("*", async (c, next) => {
    const t0 = performance.now();
    await next();
    const route = c.req.routePath || c.req.path;
    metrics.observe((performance.now() - t0) / 1000, { method: c.req.method, route, status: String(c.res.status) });
  });

  app.get("/healthz", async (c) => {
    await ctx.store.all("SELECT 1");
    return c.json({ status: "ok" });
  });
  app.get("/metrics", (c) => c.text(metrics.render(), 200, { "content-type": "text/plain; version=0.0.4" }));

  app.route("/v1", ingestRoutes({ ingestor: ctx.ingestor, keys: ctx.keys, metrics }));

  app.use("/api/*", apiAuth(ctx.keys, ctx.localToken));
  const onSegmentsChanged = ctx.onSegmentsChanged;
  if (onSegmentsChanged) {
    app.use("/api/segments/*", async (c, next) => {
      await next();
      const path = c.req.path;
      const isWrite = c.req.method !== "GET" && !/\/(preview|validate|print|impact|evaluate|kpis|lift)$/.test(path);
      if (isWrite && c.res.status < 300) await onSegmentsChanged();
    });
    app.use("/api/segments", async (c, next) => {
      await next();
      if (c.req.method === "POST" && c.res.status < 300) await onSegmentsChanged();
    });
  }
  app.route("/api", profilesRoutes(ctx.profiles, ctx.ingestor, ctx.erasure));
  app.route("/api", keysRoutes(ctx.keys));
  app.route("/api", importRoutes(ctx.ingestor, ctx.localToken));
  for (const r of ctx.apiRoutes ?? []) app.route("/api", r);
  if (ctx.web) app.route("/", ctx.web);
  return { app, metrics };
}
