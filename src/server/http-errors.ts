import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import { isTesseraError, TesseraError } from "../model/index.js";

/** The one error body of the HTTP API: { "error": { "code", "message", "details"? } }. */
export function errorResponse(c: Context, err: unknown): Response {
  if (isTesseraError(err)) {
    const body: { code: string; message: string; details?: unknown } = { code: err.code, message: err.message };
    const details = err.path && err.details === undefined ? { path: err.path } : err.details;
    if (details !== undefined) body.details = details;
    return c.json({ error: body }, err.status as 400);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: `http_${err.status}`, message: err.message || "request failed" } }, err.status);
  }
  console.error(err);
  return c.json({ error: { code: "internal", message: "internal error; see the server log" } }, 500);
}

export const unauthorized = (message: string): TesseraError => new TesseraError({ code: "unauthorized", message }, 401);
export const forbidden = (message: string): TesseraError => new TesseraError({ code: "forbidden", message }, 403);
