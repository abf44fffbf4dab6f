import { Hono } from "hono";
import type { Ingestor } from "../../ingest/index.js";
import type { ProfileService } from "../../profiles/index.js";
import type { StoreTx } from "../../store/index.js";

/** What else holds a person's data and must forget it with the erasure (the live stream's state and snapshot). */
export interface ErasureHooks {
  /** Runs inside the erasing transaction. */
  inTx(tx: StoreTx, profileId: string): Promise<void>;
  /** The erasing transaction committed. */
  committed(profileId: string): void;
}

export function profilesRoutes(profiles: ProfileService, ingestor: Ingestor, erasure?: ErasureHooks): Hono {
  const app = new Hono();
  app.get("/profiles/:id/export", async (c) => c.json(await profiles.export(c.req.param("id"))));
  app.delete("/profiles/:id", async (c) => {
    const reason = c.req.query("reason") ?? "erasure request";
    const erased = await profiles.erase(c.req.param("id"), reason, erasure?.inTx);
    erasure?.committed(erased.profile);
    ingestor.identities.forget(erased.profile);
    ingestor.blockIds(erased.keys);
    return c.json({ erased });
  });
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
