import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webRoutes } from "../../src/server/index.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "tessera-webroot-"));
  mkdirSync(join(dir, "site", "assets"), { recursive: true });
  writeFileSync(join(dir, "site", "index.html"), "<!doctype html><title>maps</title>");
  writeFileSync(join(dir, "site", "assets", "index-abc.js"), "console.log(1)");
  writeFileSync(join(dir, "site", "assets", "index-abc.css"), "body{}");
  writeFileSync(join(dir, "secret.txt"), "outside the web root");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("webRoutes", () => {
  it("serves files with their content type and caches hashed assets", async () => {
    const app = webRoutes(join(dir, "site"));
    const js = await app.request("/assets/index-abc.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.headers.get("cache-control")).toContain("immutable");
    const css = await app.request("/assets/index-abc.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
  });

  it("answers client-side routes with index.html and missing assets with 404", async () => {
    const app = webRoutes(join(dir, "site"));
    for (const path of ["/", "/segments/vip", "/profiles/u1/anything"]) {
      const r = await app.request(path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
      expect(r.headers.get("cache-control")).toBe("no-cache");
      expect(await r.text()).toContain("<title>maps</title>");
    }
    expect((await app.request("/assets/missing.js")).status).toBe(404);
    expect((await app.request("/api/segments")).status).toBe(404);
  });

  it("never serves files outside its root", async () => {
    const app = webRoutes(join(dir, "site"));
    for (const path of ["/../secret.txt", "/%2e%2e/secret.txt", "/assets/%2e%2e/%2e%2e/secret.txt"]) {
      const r = await app.request(path);
      expect(await r.text(), path).not.toContain("outside the web root");
    }
  });

  it("explains how to build the UI when there is no build", async () => {
    const r = await webRoutes(join(dir, "nothing-here")).request("/");
    expect(r.status).toBe(503);
    expect(await r.text()).toContain("npm run build:web");
  });
});
