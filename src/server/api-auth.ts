import type { MiddlewareHandler } from "hono";
import type { KeyStore, Scope } from "../auth/index.js";
import { forbidden, unauthorized } from "./http-errors.js";

/**
 * Bearer API keys for /api: GET/HEAD need "read", other methods "write", /api/keys "admin". The server's local
 * token (written to the data directory, readable only by its owner) acts as admin for the CLI on the same machine.
 */
export function apiAuth(keys: KeyStore, localToken: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const token = header.startsWith("Bearer ") ? header.slice(7).trim() : (c.req.query("key") ?? "");
    if (!token) throw unauthorized("an API key is required: Authorization: Bearer <key>");
    if (localToken !== undefined && token === localToken) return next();
    const key = keys.verify(token);
    if (key?.kind !== "api") throw unauthorized("unknown or revoked API key");
    const need: Scope = c.req.path.startsWith("/api/keys")
      ? "admin"
      : c.req.method === "GET" || c.req.method === "HEAD"
        ? "read"
        : "write";
    if (!key.scopes.includes(need) && !key.scopes.includes("admin")) {
      throw forbidden(`this key lacks the "${need}" scope`);
    }
    return next();
  };
}
