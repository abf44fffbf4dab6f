import { type ChildProcess, spawn } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "..", "..");

export interface SpawnedServer {
  child: ChildProcess;
  url: string;
}

/** Starts `tessera serve` as a real child process on an ephemeral 127.0.0.1 port and waits for its URL. */
export function spawnServer(dataDir: string, extraArgs: string[] = []): Promise<SpawnedServer> {
  return new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", resolve(root, "src/cli/bin.ts"), "serve", "--data", dataDir, "--port", "0", ...extraArgs],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let err = "";
    const timer = setTimeout(() => rej(new Error(`server did not start in time:\n${err}`)), 60_000);
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        res({ child, url: m[1]! });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      rej(new Error(`server exited with ${code}:\n${err}`));
    });
  });
}

export const killHard = (s: SpawnedServer): Promise<void> =>
  new Promise((r) => {
    if (s.child.exitCode !== null) return r();
    s.child.removeAllListeners("exit");
    s.child.once("exit", () => r());
    s.child.kill("SIGKILL");
  });
