import { Hono } from "hono";
import { type Ingestor, importEventsFile, importTransactionsFile } from "../../ingest/index.js";
import { TesseraError } from "../../model/index.js";
import { forbidden } from "../http-errors.js";

/**
 * Server-side bulk import of a file on this machine, for `tessera import` while the server holds the database.
 * Only the local token (the CLI on the same machine) may use it: an API key must not read server files.
 */
export function importRoutes(ingestor: Ingestor, localToken: string | undefined): Hono {
  const app = new Hono();
  app.post("/import", async (c) => {
    if (!localToken || c.req.header("authorization") !== `Bearer ${localToken}`) {
      throw forbidden("file import through the server is only for the local CLI");
    }
    const b = (await c.req.json()) as Record<string, string>;
    if (typeof b["file"] !== "string")
      throw new TesseraError({ code: "invalid_body", path: ["file"], message: "file is required" });
    if (b["kind"] === "events") return c.json(await importEventsFile(ingestor, b["file"]));
    if (b["kind"] === "transactions") {
      return c.json(
        await importTransactionsFile(ingestor, b["file"], {
          customerCol: b["customerCol"] ?? "",
          timeCol: b["timeCol"] ?? "",
          amountCol: b["amountCol"] ?? "",
          ...(b["orderCol"] ? { orderCol: b["orderCol"] } : {}),
          ...(b["event"] ? { event: b["event"] } : {}),
        }),
      );
    }
    throw new TesseraError({
      code: "invalid_body",
      path: ["kind"],
      message: 'kind must be "events" or "transactions"',
    });
  });
  return app;
}
