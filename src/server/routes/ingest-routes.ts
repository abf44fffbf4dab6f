import { Hono } from "hono";
import type { KeyStore } from "../../auth/index.js";
import type { Ingestor } from "../../ingest/index.js";
import { validateAll } from "../../ingest/index.js";
import {
  MAX_BATCH_BYTES,
  MAX_MESSAGE_BYTES,
  type MessageType,
  type SegmentMessage,
  TesseraError,
} from "../../model/index.js";
import { unauthorized } from "../http-errors.js";
import type { Metrics } from "../metrics.js";
import { readJsonBody } from "../request-body.js";

const SINGLE: MessageType[] = ["track", "identify", "page", "screen", "group", "alias"];

/** Segment's HTTP tracking API, byte-compatible: Basic auth with the write key as user name, {"success": true}. */
export function ingestRoutes(deps: { ingestor: Ingestor; keys: KeyStore; metrics: Metrics }): Hono {
  const app = new Hono();
  const sourceOf = (authorization: string | undefined, bodyKey: unknown): string => {
    let secret: string | undefined;
    if (authorization?.startsWith("Basic ")) {
      const decoded = Buffer.from(authorization.slice(6), "base64").toString("utf8");
      secret = decoded.split(":")[0];
    } else if (typeof bodyKey === "string") secret = bodyKey; // Segment also accepts writeKey in the body
    if (!secret) throw unauthorized("a write key is required (HTTP Basic auth, the key as user name)");
    const key = deps.keys.verify(secret);
    if (!key?.scopes.includes("write")) throw unauthorized("unknown or revoked write key");
    return key.id;
  };
  const countRejected = (e: unknown): never => {
    const n = (e as TesseraError).details as { errors?: unknown[] } | undefined;
    deps.metrics.inc("tessera_events_rejected_total", "Messages rejected as invalid", n?.errors?.length ?? 1);
    throw e;
  };

  app.post("/batch", async (c) => {
    const body = (await readJsonBody(c, MAX_BATCH_BYTES)) as Record<string, unknown> | null;
    const source = sourceOf(c.req.header("authorization"), body?.["writeKey"]);
    const list = body?.["batch"];
    if (!Array.isArray(list)) {
      throw new TesseraError({
        code: "invalid_batch",
        path: ["batch"],
        message: 'body must be {"batch": [messages…]}',
      });
    }
    deps.metrics.inc("tessera_events_received_total", "Messages received", list.length);
    let messages: SegmentMessage[] = [];
    try {
      messages = validateAll(list, ["batch"]);
    } catch (e) {
      countRejected(e);
    }
    const batchSentAt = body?.["sentAt"];
    if (batchSentAt !== undefined) for (const m of messages) m.sentAt ??= batchSentAt as string;
    const r = await deps.ingestor.ingest(messages, { source });
    deps.metrics.inc("tessera_events_stored_total", "Messages durably stored", r.stored);
    deps.metrics.inc("tessera_events_duplicate_total", "Messages dropped as duplicates (messageId)", r.duplicates);
    return c.json({ success: true });
  });

  for (const type of SINGLE) {
    app.post(`/${type}`, async (c) => {
      const body = await readJsonBody(c, MAX_MESSAGE_BYTES);
      const source = sourceOf(c.req.header("authorization"), (body as Record<string, unknown> | null)?.["writeKey"]);
      deps.metrics.inc("tessera_events_received_total", "Messages received", 1);
      let messages: SegmentMessage[] = [];
      try {
        messages = validateAll([body], [], type);
      } catch (e) {
        countRejected(e);
      }
      const r = await deps.ingestor.ingest(messages, { source });
      deps.metrics.inc("tessera_events_stored_total", "Messages durably stored", r.stored);
      deps.metrics.inc("tessera_events_duplicate_total", "Messages dropped as duplicates (messageId)", r.duplicates);
      return c.json({ success: true });
    });
  }
  return app;
}
