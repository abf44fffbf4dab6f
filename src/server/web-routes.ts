import { existsSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve, sep } from "node:path";
import { Hono } from "hono";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
  ".map": "application/json; charset=utf-8",
};

/** dist/web next to the package root (src/server → ../../dist/web, and the same from dist/src/server). */
export function defaultWebRoot(): string {
  let dir = import.meta.dirname;
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, "dist", "web");
    if (existsSync(join(dir, "package.json"))) return candidate;
    dir = resolve(dir, "..");
  }
  return resolve(import.meta.dirname, "..", "..", "dist", "web");
}

/**
 * The Segment Maps UI: static files from `root` (the Vite build), hashed assets cached for a year, and every other
 * non-API GET answered with index.html so client-side routes are shareable URLs. Without a build it explains how to
 * make one instead of a bare 404.
 */
export function webRoutes(root: string = defaultWebRoot()): Hono {
  const app = new Hono();
  const base = resolve(root);
  app.get("*", (c) => {
    const path = decodeURIComponent(c.req.path);
    if (path.startsWith("/api/") || path.startsWith("/v1/")) return c.notFound();
    const file = normalize(join(base, path));
    if (file.startsWith(base + sep) && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith("/assets/");
      return c.body(readFileSync(file), 200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": immutable ? "public, max-age=31536000, immutable" : "no-cache",
      });
    }
    if (extname(path) !== "" && !path.endsWith(".html")) return c.notFound();
    const index = join(base, "index.html");
    if (!existsSync(index)) {
      return c.text("The Segment Maps UI is not built: run `npm run build:web` (npm start does it).", 503);
    }
    return c.body(readFileSync(index), 200, { "content-type": TYPES[".html"]!, "cache-control": "no-cache" });
  });
  return app;
}
