import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RunningServer, startServer } from "../../src/server/index.js";

export interface TestServer {
  server: RunningServer;
  dataDir: string;
  writeKey: string;
  apiKey: string;
  /** Basic auth header for the write key, as Segment SDKs send it. */
  basic: string;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<Response>;
  api(path: string, init?: RequestInit): Promise<Response>;
  stop(): Promise<void>;
}

/** A real server on 127.0.0.1 with a fresh data directory and a write key + admin API key. */
export async function startTestServer(): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), "tessera-test-"));
  const server = await startServer({ dataDir, port: 0 });
  const w = await server.keys.create(["write"], "test");
  const a = await server.keys.create(["read", "write", "admin"], "test-api");
  const basic = `Basic ${Buffer.from(`${w.secret}:`).toString("base64")}`;
  return {
    server,
    dataDir,
    writeKey: w.secret,
    apiKey: a.secret,
    basic,
    post: (path, body, headers = {}) =>
      fetch(`${server.url}${path}`, {
        method: "POST",
        headers: { authorization: basic, "content-type": "application/json", ...headers },
        body: typeof body === "string" || body instanceof Uint8Array ? (body as never) : JSON.stringify(body),
      }),
    api: (path, init = {}) =>
      fetch(`${server.url}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${a.secret}`, "content-type": "application/json", ...(init.headers ?? {}) },
      }),
    stop: async () => {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
