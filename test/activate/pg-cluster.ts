import { execFileSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface PgCluster {
  url: string;
  stop(): void;
  start(): void;
  destroy(): void;
}

/** The newest Debian `postgresql` server binaries, or null with the reason they are unusable. */
export function pgBinDir(): { dir: string } | { missing: string } {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return { missing: `${base} not found (apt-get install postgresql)` };
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin", "initdb")) && existsSync(join(base, v, "bin", "pg_ctl")))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) return { missing: `no initdb/pg_ctl under ${base}/*/bin` };
  return { dir: join(base, versions[0], "bin") };
}

const freePort = (): Promise<number> =>
  new Promise((res, rej) => {
    const s = createServer();
    s.once("error", rej);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });

/**
 * A throwaway cluster on 127.0.0.1: initdb + pg_ctl into a temporary directory, trust auth, fsync off. Postgres
 * refuses to run as root, so under root the directory is handed to the `postgres` user and commands run through
 * runuser.
 */
export async function startPgCluster(binDir: string): Promise<PgCluster> {
  const root = mkdtempSync(join(tmpdir(), "tessera-pg-"));
  const data = join(root, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"]).toString().trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"]).toString().trim());
    chownSync(root, uid, gid);
  }
  const run = (bin: string, args: string[]): void => {
    const cmd = join(binDir, bin);
    if (asRoot) execFileSync("runuser", ["-u", "postgres", "--", cmd, ...args], { stdio: "pipe", cwd: root });
    else execFileSync(cmd, args, { stdio: "pipe", cwd: root });
  };
  run("initdb", ["-D", data, "-A", "trust", "-U", "tessera", "--no-sync", "-E", "UTF8"]);
  const port = await freePort();
  const opts = `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const start = (): void => run("pg_ctl", ["-D", data, "-o", opts, "-l", join(root, "log"), "-w", "-t", "60", "start"]);
  const stop = (): void => run("pg_ctl", ["-D", data, "-m", "fast", "-w", "stop"]);
  start();
  return {
    url: `postgres://tessera@127.0.0.1:${port}/postgres`,
    start,
    stop,
    destroy: () => {
      try {
        run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
      } catch {}
      rmSync(root, { recursive: true, force: true });
    },
  };
}
