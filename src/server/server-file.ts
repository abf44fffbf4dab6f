import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** Written by `tessera serve` into the data directory so CLI commands on the same directory go through it. */
export const SERVER_FILE = ".tessera-server.json";

export interface ServerInfo {
  pid: number;
  url: string;
  token: string;
}

export function writeServerFile(dataDir: string, info: ServerInfo): void {
  writeFileSync(join(dataDir, SERVER_FILE), JSON.stringify(info), { mode: 0o600 });
}

export function removeServerFile(dataDir: string): void {
  rmSync(join(dataDir, SERVER_FILE), { force: true });
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** The running server holding this data directory, if any (a stale file from a killed server is ignored). */
export function readServerFile(dataDir: string): ServerInfo | null {
  const p = join(dataDir, SERVER_FILE);
  if (!existsSync(p)) return null;
  try {
    const info = JSON.parse(readFileSync(p, "utf8")) as ServerInfo;
    return alive(info.pid) ? info : null;
  } catch {
    return null;
  }
}
