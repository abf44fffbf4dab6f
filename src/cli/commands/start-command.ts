import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "commander";
import { KeyStore } from "../../auth/index.js";
import { generateDemo } from "../../demo/index.js";
import { IntelEngine } from "../../intel/index.js";
import { SegmentService } from "../../segments/index.js";
import { startServer } from "../../server/index.js";
import { DB_FILE, DuckDBStore, resolveDataDir } from "../../store/index.js";
import { action, log } from "../cli-output.js";
import { progressBar } from "../progress-bar.js";

/** Example audiences of the demo workspace, in the text form; hierarchy via `parent`. */
export const DEMO_SEGMENTS: {
  id: string;
  name: string;
  dsl: string;
  parent?: string;
  tags: string[];
  holdout?: { percent: number; salt: string };
}[] = [
  { id: "buyers", name: "Buyers", dsl: 'performed "Order Completed" in last 180d', tags: ["commerce"] },
  {
    id: "repeat-buyers",
    name: "Repeat buyers (30d)",
    parent: "buyers",
    dsl: 'performed "Order Completed" at least 2 times in last 30d',
    tags: ["commerce"],
  },
  {
    id: "high-value",
    name: "High value",
    parent: "buyers",
    dsl: 'performed "Order Completed" with sum(revenue) >= 500 in last 180d',
    tags: ["commerce", "vip"],
    holdout: { percent: 10, salt: "high-value" },
  },
  {
    id: "lapsed-buyers",
    name: "Lapsed buyers",
    parent: "buyers",
    dsl: 'last "Order Completed" older than 60d',
    tags: ["commerce", "retention"],
  },
  {
    id: "cart-abandoners",
    name: "Cart abandoners",
    dsl: 'did "Product Added" then not "Order Completed" for 2h in last 7d',
    tags: ["commerce", "recovery"],
  },
  {
    id: "checkout-path",
    name: "Viewed → added → checkout in 1h",
    dsl: 'sequence "Product Viewed" -> "Product Added" -> "Checkout Started" within 1h in last 30d',
    tags: ["commerce"],
  },
  { id: "subscribers", name: "Paid subscribers", dsl: 'plan in ["pro", "business"]', tags: ["subscription"] },
  {
    id: "email-engaged",
    name: "E-mail engaged",
    dsl: 'email_opt_in = true and performed "Message Opened" where channel = "email" in last 30d',
    tags: ["crm"],
  },
  { id: "berlin-area", name: "Near Berlin (50 km)", dsl: "location near (52.52, 13.40) within 50km", tags: ["geo"] },
  { id: "b2b", name: "B2B accounts", dsl: "group.employees >= 10", tags: ["b2b"] },
];

async function createDemoSegments(store: DuckDBStore): Promise<void> {
  const svc = new SegmentService(store);
  for (const seg of DEMO_SEGMENTS) {
    const { dsl, ...record } = seg;
    try {
      await svc.create({ ...record, dsl, refresh: "realtime" });
    } catch (e) {
      log(`demo segment ${seg.id} skipped: ${(e as Error).message}`);
    }
  }
  log("computing intelligence traits (RFM, CLV, churn, lifecycle, …)…");
  await new IntelEngine(store).refresh().catch((e: unknown) => log(`intel refresh failed: ${(e as Error).message}`));
  const r = await svc.refresh();
  log(`demo segments: ${r.segments.map((x) => `${x.id} ${x.size}`).join(", ")}`);
}

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
      await createDemoSegments(store);
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
