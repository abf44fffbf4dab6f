import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { KeyStore } from "../../auth/index.js";
import { generateDemo } from "../../demo/index.js";
import { startServer } from "../../server/index.js";
import { DB_FILE, DuckDBStore, resolveDataDir } from "../../store/index.js";
import { action, log } from "../cli-output.js";
import { progressBar } from "../progress-bar.js";

/** Demo keys are kept in clear only for the demo workspace, so `npm start` can print them on every start. */
const DEMO_KEYS_FILE = "demo-keys.json";

interface DemoKeys {
  writeKey: string;
  apiKey: string;
}

async function prepareWorkspace(dataDir: string, profiles: number): Promise<DemoKeys> {
  const fresh = !existsSync(join(dataDir, DB_FILE));
  const keysFile = join(dataDir, DEMO_KEYS_FILE);
  const store = await DuckDBStore.open({ dataDir });
  try {
    if (fresh) {
      log(`creating the demo workspace in ${dataDir} (${profiles.toLocaleString("en")} profiles, 180 days)…`);
      const bar = progressBar("demo");
      const s = await generateDemo(store, { profiles }, (p) => bar.update(p.done, p.total));
      bar.stop();
      log(
        `demo workspace: ${s.profiles.toLocaleString("en")} profiles, ${s.events.toLocaleString("en")} events in ${Math.round(s.ms / 1000)} s`,
      );
    }
    if (existsSync(keysFile)) return JSON.parse(readFileSync(keysFile, "utf8")) as DemoKeys;
    const keys = new KeyStore(store);
    const w = await keys.createOfKind("write", ["write"], "demo write key");
    const a = await keys.createOfKind("api", ["read", "write", "admin"], "demo api key");
    const demo = { writeKey: w.secret, apiKey: a.secret };
    writeFileSync(keysFile, JSON.stringify(demo), { mode: 0o600 });
    return demo;
  } finally {
    await store.close();
  }
}

export function registerStartCommand(program: Command): void {
  program
    .command("start")
    .description("create the demo workspace on first run, then serve it (what `npm start` runs)")
    .option("--data <dir>", "data directory (default $TESSERA_DATA or ./data)")
    .option("--port <n>", "port", "3000")
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--profiles <n>", "demo profiles on first run", "50000")
    .action(
      action(async (opts: { data?: string; port: string; host: string; profiles: string }) => {
        const dataDir = resolveDataDir(opts.data);
        const keys = await prepareWorkspace(dataDir, Number(opts.profiles));
        const server = await startServer({ dataDir, port: Number(opts.port), host: opts.host });
        log(`Tessera listening on ${server.url} (data: ${dataDir})`);
        process.stdout.write(
          `\n  Segment Maps:   ${server.url}/\n  Write key:      ${keys.writeKey}\n  API key:        ${keys.apiKey}\n\n`,
        );
        const stop = async (): Promise<void> => {
          await server.close();
          process.exit(0);
        };
        process.once("SIGINT", () => void stop());
        process.once("SIGTERM", () => void stop());
      }),
    );
}
