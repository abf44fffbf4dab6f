import { Hono } from "hono";
import { type KeyStore, parseScopes } from "../../auth/index.js";
import { TesseraError } from "../../model/index.js";

export function keysRoutes(keys: KeyStore): Hono {
  const app = new Hono();
  app.get("/keys", async (c) => c.json({ keys: await keys.list() }));
  app.post("/keys", async (c) => {
    const body = (await c.req.json().catch(() => null)) as { scopes?: unknown; name?: unknown } | null;
    if (!body || typeof body.scopes !== "string") {
      throw new TesseraError({
        code: "invalid_body",
        path: ["scopes"],
        message: 'body must be {"scopes": "read,write"}',
      });
    }
    const created = await keys.create(parseScopes(body.scopes), typeof body.name === "string" ? body.name : "");
    return c.json({ ...created.key, secret: created.secret }, 201);
  });
  app.delete("/keys/:id", async (c) => {
    await keys.revoke(c.req.param("id"));
    return c.body(null, 204);
  });
  return app;
}
