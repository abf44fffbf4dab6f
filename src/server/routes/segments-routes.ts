import { Hono } from "hono";
import { TesseraError } from "../../model/index.js";
import type { SegmentService } from "../../segments/index.js";
import { definitionOf, instantOf, intOf, optionalString, segmentBody } from "./segment-request.js";

/**
 * Segments API (mounted under /api): CRUD with versions, preview, edit impact, members (cursor paging, CSV),
 * history, validation, computed traits. Errors are TesseraErrors (400/404/409) rendered by the server's onError.
 */
/** What the server ties to segment routes beyond segment edits (see app.ts for those). */
export interface SegmentsHooks {
  /** Every row of these computed traits was rewritten (a computed trait was defined or redefined). */
  onTraitsRewritten?: (names: readonly string[]) => Promise<void>;
}

export function segmentsRoutes(svc: SegmentService, hooks: SegmentsHooks = {}): Hono {
  const app = new Hono();

  app.get("/segments", async (c) => {
    const segments = await svc.list();
    if (c.req.query("sizes") === undefined) return c.json({ segments });
    const s = await svc.sizes(instantOf(c.req.query("asOf"), "asOf"));
    return c.json({
      segments: segments.map((x) => ({ ...x, size: s.sizes[x.id] ?? 0 })),
      population: s.population,
      asOf: s.asOf,
    });
  });

  app.post("/segments", async (c) => c.json(await svc.create(await segmentBody(c)), 201));

  app.post("/segments/validate", async (c) => {
    const body = await segmentBody(c);
    const r = await svc.validate(definitionOf(body), optionalString(body["id"], "id"));
    return c.json({ valid: r.definition !== undefined, definition: r.definition ?? null, diagnostics: r.diagnostics });
  });

  app.post("/segments/preview", async (c) => {
    const body = await segmentBody(c);
    const asOf = instantOf(body["asOf"], "asOf");
    const parent = optionalString(body["parent"], "parent");
    const min = body["minSizePercent"];
    if (min !== undefined && (typeof min !== "number" || min < 0 || min > 100)) {
      throw new TesseraError({
        code: "bad_body",
        path: ["minSizePercent"],
        message: "minSizePercent must be a number in [0, 100]",
      });
    }
    return c.json(
      await svc.preview(definitionOf(body), {
        ...(asOf === undefined ? {} : { asOf }),
        ...(parent === undefined ? {} : { parent }),
        ...(typeof min === "number" ? { minSizePercent: min } : {}),
      }),
    );
  });

  // What `tessera segment eval` calls when a server holds the data directory: size, population, members.
  app.post("/segments/evaluate", async (c) => {
    const body = await segmentBody(c);
    const asOf = instantOf(body["asOf"], "asOf");
    const parent = optionalString(body["parent"], "parent");
    return c.json(
      await svc.evaluate(definitionOf(body), {
        ...(asOf === undefined ? {} : { asOf }),
        ...(parent === undefined ? {} : { parent }),
        members: body["members"] === true,
      }),
    );
  });

  app.get("/segments/:id", async (c) => {
    const version = intOf(c.req.query("version"), "version");
    return c.json({ segment: await svc.get(c.req.param("id"), version) });
  });

  app.put("/segments/:id", async (c) => c.json(await svc.update(c.req.param("id"), await segmentBody(c))));

  app.delete("/segments/:id", async (c) => c.json(await svc.delete(c.req.param("id"))));

  app.post("/segments/:id/impact", async (c) => {
    const body = await segmentBody(c);
    const asOf = instantOf(body["asOf"], "asOf");
    const parent = optionalString(body["parent"], "parent");
    return c.json(
      await svc.impact(c.req.param("id"), definitionOf(body), {
        ...(asOf === undefined ? {} : { asOf }),
        ...(parent === undefined ? {} : { parent }),
      }),
    );
  });

  app.get("/segments/:id/members", async (c) => {
    const id = c.req.param("id");
    const asOf = instantOf(c.req.query("asOf"), "asOf");
    if (c.req.query("format") === "csv") {
      const csv = await svc.membersCsv(id, asOf);
      return c.body(csv, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${id}.csv"`,
      });
    }
    const format = c.req.query("format");
    if (format !== undefined && format !== "json") {
      throw new TesseraError({
        code: "bad_query",
        path: ["format"],
        message: `format must be json or csv, got "${format}"`,
      });
    }
    const cursor = c.req.query("cursor");
    const limit = intOf(c.req.query("limit"), "limit");
    return c.json(
      await svc.members(id, {
        ...(cursor ? { cursor } : {}),
        ...(limit === undefined ? {} : { limit }),
        ...(asOf === undefined ? {} : { asOf }),
      }),
    );
  });

  app.get("/segments/:id/history", async (c) => {
    const cursor = intOf(c.req.query("cursor"), "cursor");
    const limit = intOf(c.req.query("limit"), "limit");
    return c.json(
      await svc.history(c.req.param("id"), {
        ...(cursor === undefined ? {} : { cursor }),
        ...(limit === undefined ? {} : { limit }),
      }),
    );
  });

  app.get("/computed-traits", async (c) => c.json({ computedTraits: await svc.computedTraits.list() }));

  app.post("/computed-traits", async (c) => {
    const body = await segmentBody(c);
    const { asOf: at, ...def } = body;
    const asOf = instantOf(at, "asOf") ?? Date.now();
    const defined = await svc.computedTraits.define(def, asOf);
    await hooks.onTraitsRewritten?.([defined.trait.name]);
    return c.json(defined, 201);
  });

  return app;
}
