import { Hono } from "hono";
import { printCondition } from "../../lang/index.js";
import { conditionSchema, TesseraError } from "../../model/index.js";
import type { Queryable } from "../../store/index.js";
import { type Catalog, eventCatalog } from "./insights/event-catalog.js";
import { membershipHistory } from "./insights/membership-history.js";
import { segmentGeo } from "./insights/segment-geo.js";
import { MAX_OVERLAP_SEGMENTS, segmentOverlap } from "./insights/segment-overlap.js";
import { segmentSizes } from "./insights/segment-sizes.js";
import { segmentStats } from "./insights/segment-stats.js";
import { traitBreakdown } from "./insights/trait-breakdown.js";

const CATALOG_TTL_MS = 30_000;

const intParam = (raw: string | undefined, name: string): number | undefined => {
  if (raw === undefined || raw === "") return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) {
    throw new TesseraError({
      code: "bad_query",
      path: [name],
      message: `${name} must be a positive integer, got "${raw}"`,
    });
  }
  return n;
};

/**
 * Read-only aggregates the Segment Maps UI needs (breakdowns, overlap, size history, catalog, per-segment stats),
 * computed with SQL over the store. Mounted before the segments CRUD routes so `/segments/overlap` is not taken
 * for a segment id.
 */
export function insightsRoutes(db: Queryable, profiles?: { resolveId(id: string): Promise<string> }): Hono {
  const app = new Hono();
  app.get("/profiles/:id/membership-history", async (c) => {
    const id = profiles ? await profiles.resolveId(c.req.param("id")) : c.req.param("id");
    return c.json({ profile: id, changes: await membershipHistory(db, id) });
  });
  // The catalog feeds pickers; it changes slowly, so one scan serves every request for CATALOG_TTL_MS.
  let catalog: { at: number; value: Promise<Catalog> } | undefined;
  app.get("/catalog", async (c) => {
    const now = Date.now();
    if (!catalog || now - catalog.at > CATALOG_TTL_MS || c.req.query("fresh") !== undefined) {
      const value = eventCatalog(db);
      catalog = { at: now, value };
      value.catch(() => {
        if (catalog?.value === value) catalog = undefined;
      });
    }
    return c.json(await catalog.value);
  });
  // The text form of a JSON AST, so the builder's visual tree and text editor show the same definition.
  app.post("/segments/print", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { definition?: unknown } | null;
    const parsed = conditionSchema.safeParse(body?.definition);
    if (!parsed.success) {
      throw new TesseraError({
        code: "bad_definition",
        path: ["definition"],
        message: "body must be { definition: <segment AST> }; validate it with POST /api/segments/validate",
      });
    }
    return c.json({ text: printCondition(parsed.data) });
  });
  app.get("/segment-stats", async (c) =>
    c.json(await segmentStats(db, { ...optional("days", intParam(c.req.query("days"), "days")) })),
  );
  app.get("/segments/overlap", async (c) => {
    const ids = [
      ...new Set(
        (c.req.query("ids") ?? "")
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ];
    if (ids.length === 0 || ids.length > MAX_OVERLAP_SEGMENTS) {
      throw new TesseraError({
        code: "bad_query",
        path: ["ids"],
        message: `ids must list 1 to ${MAX_OVERLAP_SEGMENTS} segment ids separated by commas`,
      });
    }
    return c.json(await segmentOverlap(db, ids));
  });
  app.get("/segments/:id/breakdown", async (c) => {
    const trait = c.req.query("trait");
    if (!trait)
      throw new TesseraError({ code: "bad_query", path: ["trait"], message: "trait is required: ?trait=NAME" });
    return c.json(await traitBreakdown(db, c.req.param("id"), trait));
  });
  app.get("/segments/:id/sizes", async (c) =>
    c.json(await segmentSizes(db, c.req.param("id"), { ...optional("days", intParam(c.req.query("days"), "days")) })),
  );
  app.get("/segments/:id/geo", async (c) => {
    const trait = c.req.query("trait");
    const cell = c.req.query("cell");
    if (cell !== undefined && !(Number(cell) > 0)) {
      throw new TesseraError({
        code: "bad_query",
        path: ["cell"],
        message: `cell must be a positive number of degrees`,
      });
    }
    return c.json(
      await segmentGeo(db, c.req.param("id"), {
        ...optional("trait", trait || undefined),
        ...optional("cell", cell === undefined ? undefined : Number(cell)),
      }),
    );
  });
  return app;
}

function optional<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
