import type { Context } from "hono";
import { parseInstant, TesseraError } from "../../model/index.js";
import { readJsonBody } from "../request-body.js";

const BODY_LIMIT = 512 * 1024;

/** A JSON object body, or `{ dsl }` from a text/plain body (the text form). */
export async function segmentBody(c: Context): Promise<Record<string, unknown>> {
  const type = (c.req.header("content-type") ?? "").toLowerCase();
  if (type.startsWith("text/")) return { dsl: await c.req.text() };
  const body = await readJsonBody(c, BODY_LIMIT);
  if (typeof body === "string") return { dsl: body };
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TesseraError({ code: "bad_body", message: "send a JSON object (or the text form as text/plain)" });
  }
  return body as Record<string, unknown>;
}

/** The definition inside a body: `dsl` (text), `definition` (JSON AST), or the body itself as a bare AST. */
export function definitionOf(body: Record<string, unknown>): unknown {
  if (typeof body["dsl"] === "string") return body["dsl"];
  if ("definition" in body) return body["definition"];
  return body;
}

/** An optional instant from a query or body field (ISO 8601 or epoch ms). */
export function instantOf(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number" && Number.isFinite(value)) return value;
  const ms = typeof value === "string" ? (/^\d+$/.test(value) ? Number(value) : parseInstant(value)) : undefined;
  if (ms === undefined) {
    throw new TesseraError({
      code: "bad_instant",
      path: [field],
      message: `${field} must be an ISO 8601 instant, got ${JSON.stringify(value)}`,
    });
  }
  return ms;
}

export function intOf(value: string | undefined, field: string): number | undefined {
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new TesseraError({
      code: "bad_query",
      path: [field],
      message: `${field} must be a non-negative integer, got "${value}"`,
    });
  }
  return n;
}

export const optionalString = (v: unknown, field: string): string | undefined => {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string")
    throw new TesseraError({ code: "bad_body", path: [field], message: `${field} must be a string` });
  return v;
};
