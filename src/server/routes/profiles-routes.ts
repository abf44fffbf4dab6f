import { Hono } from "hono";
import type { ProfileService } from "../../profiles/index.js";

export function profilesRoutes(profiles: ProfileService): Hono {
  const app = new Hono();
  app.get("/profiles/:id", async (c) => c.json(await profiles.get(c.req.param("id"))));
  app.get("/profiles/:id/events", async (c) => {
    const cursor = c.req.query("cursor");
    const limit = c.req.query("limit");
    return c.json(
      await profiles.timeline(c.req.param("id"), {
        ...(cursor ? { cursor } : {}),
        ...(limit ? { limit: Number(limit) } : {}),
      }),
    );
  });
  return app;
}
