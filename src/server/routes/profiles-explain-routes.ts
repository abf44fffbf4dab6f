import { Hono } from "hono";
import { TesseraError } from "../../model/index.js";
import type { SegmentService } from "../../segments/index.js";
import { instantOf } from "./segment-request.js";

/** GET /profiles/:id/explain?segment=ID[&asOf=ISO]: the segment's node-by-node truth and evidence for the profile. */
export function profilesExplainRoutes(svc: SegmentService): Hono {
  const app = new Hono();
  app.get("/profiles/:id/explain", async (c) => {
    const segment = c.req.query("segment");
    if (!segment) {
      throw new TesseraError({
        code: "bad_query",
        path: ["segment"],
        message: "the segment query parameter is required",
      });
    }
    const asOf = instantOf(c.req.query("asOf"), "asOf");
    return c.json(await svc.explain(segment, c.req.param("id"), asOf));
  });
  return app;
}
