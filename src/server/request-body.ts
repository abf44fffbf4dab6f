import { gunzipSync, inflateSync } from "node:zlib";
import type { Context } from "hono";
import { TesseraError } from "../model/index.js";

/** Reads a JSON body, gunzipping when the client says so, and enforces a byte limit after decompression. */
export async function readJsonBody(c: Context, limitBytes: number): Promise<unknown> {
  const raw = Buffer.from(await c.req.arrayBuffer());
  let buf: Buffer = raw;
  const enc = (c.req.header("content-encoding") ?? "").toLowerCase();
  try {
    if (enc === "gzip") buf = gunzipSync(raw, { maxOutputLength: limitBytes + 1 });
    else if (enc === "deflate") buf = inflateSync(raw, { maxOutputLength: limitBytes + 1 });
  } catch (e) {
    const tooBig = (e as { code?: string }).code === "ERR_BUFFER_TOO_LARGE";
    if (!tooBig)
      throw new TesseraError({ code: "bad_encoding", message: `cannot decode ${enc} body: ${(e as Error).message}` });
    buf = Buffer.alloc(limitBytes + 1);
  }
  if (buf.length > limitBytes) {
    throw new TesseraError({ code: "payload_too_large", message: `request body exceeds ${limitBytes} bytes` }, 400);
  }
  try {
    return JSON.parse(buf.toString("utf8"));
  } catch (e) {
    throw new TesseraError({ code: "bad_json", message: `body is not valid JSON: ${(e as Error).message}` });
  }
}
