import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { SegmentService } from "../../src/segments/index.js";
import { type RunningServer, startServer } from "../../src/server/index.js";
import { profilesExplainRoutes } from "../../src/server/routes/profiles-explain-routes.js";
import { segmentsRoutes } from "../../src/server/routes/segments-routes.js";
import { runCli } from "../helpers/run-cli.js";

export const root = resolve(import.meta.dirname, "..", "..");
export const CHROMIUM = "/usr/bin/chromium";
export const ARTIFACTS = join(root, "test-artifacts", "web");

/** Newest modification time under a directory (ms). */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Runs `vite build` when dist/web is missing or older than any file under web/. */
export function buildUiIfStale(): void {
  const index = join(root, "dist", "web", "index.html");
  if (existsSync(index) && statSync(index).mtimeMs >= newest(join(root, "web"))) return;
  const r = spawnSync(
    process.execPath,
    [join(root, "node_modules", "vite", "bin", "vite.js"), "build", "--config", "web/vite.config.ts"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (r.status !== 0) throw new Error(`vite build failed:\n${r.stdout}\n${r.stderr}`);
}

export interface Workspace {
  server: RunningServer;
  svc: SegmentService;
  dataDir: string;
  apiKey: string;
  api<T>(path: string, init?: RequestInit): Promise<T>;
  stop(): Promise<void>;
}

/**
 * A freshly generated small demo workspace (the real `tessera demo` CLI) served by a real server on 127.0.0.1:0
 * with the segments API mounted, and an API key for the browser.
 */
export async function startWorkspace(profiles: number, copyFrom?: string): Promise<Workspace> {
  const dataDir = mkdtempSync(join(tmpdir(), "tessera-web-"));
  if (copyFrom) {
    // A demo workspace generated earlier (the 50k one takes minutes to generate): work on a copy.
    cpSync(copyFrom, dataDir, { recursive: true });
    rmSync(join(dataDir, ".tessera-server.json"), { force: true });
  } else {
    const demo = await runCli(["demo", "--profiles", String(profiles), "--days", "60", "--data", dataDir, "--json"]);
    if (demo.code !== 0) throw new Error(`tessera demo failed:\n${demo.stderr}`);
  }
  let svc: SegmentService | undefined;
  const server = await startServer({
    dataDir,
    port: 0,
    extraRoutes: (store) => {
      svc = new SegmentService(store);
      return [segmentsRoutes(svc), profilesExplainRoutes(svc)];
    },
  });
  const key = await server.keys.create(["read", "write"], "e2e");
  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const r = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key.secret}`, "content-type": "application/json" },
    });
    if (!r.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${r.status} ${await r.text()}`);
    return (await r.json()) as T;
  };
  return {
    server,
    svc: svc!,
    dataDir,
    apiKey: key.secret,
    api,
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function ensureArtifacts(): void {
  mkdirSync(ARTIFACTS, { recursive: true });
}

export interface BrowserSession {
  browser: Browser;
  page: Page;
  /** console.error messages and uncaught page errors (Chromium's own 404 resource lines excluded). */
  consoleErrors: string[];
  /** Paths answered 404 that match none of the `notYet` patterns. */
  unexpected404: string[];
}

/**
 * Headless /usr/bin/chromium at 1280×800 with reduced motion (charts render without animation), the workspace's API
 * key in localStorage, and hooks that collect console errors and unexpected 404s.
 */
export async function openBrowser(ws: Workspace, notYet: RegExp[] = []): Promise<BrowserSession> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: "reduce" });
  await context.addInitScript(
    (key: string) =>
      (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem(
        "tessera.apiKey",
        key,
      ),
    ws.apiKey,
  );
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const unexpected404: string[] = [];
  page.on("console", (m) => {
    if (m.type() !== "error") return;
    // Chromium logs every 4xx fetch; those are checked against notYet by the response hook instead.
    if (/Failed to load resource: the server responded with a status of 404/.test(m.text())) return;
    consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => consoleErrors.push(`pageerror: ${e.message}`));
  page.on("response", (r) => {
    if (r.status() !== 404) return;
    const path = new URL(r.url()).pathname;
    if (!notYet.some((re) => re.test(path))) unexpected404.push(path);
  });
  return { browser, page, consoleErrors, unexpected404 };
}
