import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
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
