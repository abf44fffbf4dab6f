import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { ActivationService } from "../activate/index.js";
import { KeyStore } from "../auth/index.js";
import { Ingestor } from "../ingest/index.js";
import { IntelEngine } from "../intel/index.js";
import { ProfileService } from "../profiles/index.js";
import { SegmentService } from "../segments/index.js";
import { DuckDBStore, type Store } from "../store/index.js";
import { LiveStream } from "../stream/index.js";
import { createApp } from "./app.js";
import { Metrics } from "./metrics.js";
import { activateRoutes } from "./routes/activate-routes.js";
import { discoverRoutes } from "./routes/discover-routes.js";
import { insightsRoutes } from "./routes/insights-routes.js";
import { intelRoutes } from "./routes/intel-routes.js";
import { measureRoutes } from "./routes/measure-routes.js";
import { profilesExplainRoutes } from "./routes/profiles-explain-routes.js";
import { segmentsRoutes } from "./routes/segments-routes.js";
import { removeServerFile, writeServerFile } from "./server-file.js";
import { webRoutes } from "./web-routes.js";

export interface ServerOptions {
  dataDir: string | null;
  port?: number;
  host?: string;
  /** Extra /api routes built from the opened store (segments, intel, …). */
  extraRoutes?: (store: Store, ingestor: Ingestor) => Promise<Hono[]> | Hono[];
  /** The Segment Maps UI; defaults to dist/web of this package (`false` turns it off). */
  web?: Hono | false;
  /** Streaming timers tick this often (ms; default 1000). */
  tickMs?: number;
  /** Recompute the intelligence traits this often (ms; default daily; 0 = only on request). */
  intelEveryMs?: number;
  /** Run the outbox delivery worker (default true). */
  deliver?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  store: Store;
  ingestor: Ingestor;
  keys: KeyStore;
  localToken: string;
  close(): Promise<void>;
}

/** Opens the data directory, wires the modules and listens; `close()` drains and checkpoints. */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const store = await DuckDBStore.open({ dataDir: opts.dataDir });
  const ingestor = await Ingestor.create(store);
  const keys = new KeyStore(store);
  await keys.load();
  const profiles = new ProfileService(store);
  const metrics = new Metrics();
  metrics.gauge("tessera_profiles", "Profiles known to identity resolution", () => ingestor.identities.size);
  const localToken = `tl_${randomBytes(24).toString("base64url")}`;
  const segments = new SegmentService(store);
  await segments.warm();
  // Streaming membership follows every ingest commit inside its transaction (changes, log and outbox together).
  const { live } = await LiveStream.start(store, ingestor, await segments.list());
  let ticking = Promise.resolve();
  const ticker = setInterval(() => {
    ticking = ticking.then(() => live.tick(Date.now()).then(() => undefined)).catch((e: unknown) => console.error(e));
  }, opts.tickMs ?? 1000);
  const activation = new ActivationService(store);
  const worker = opts.deliver === false ? null : activation.createWorker();
  worker?.start();
  if (worker) ingestor.onCommitted(() => worker.poke());
  // Computed traits an intel refresh changed move the live segments reading them at once.
  const intel = new IntelEngine(store, {
    onTraitsChanged: async (changed) => {
      await live.computedTraitsChanged(changed);
    },
  });
  const intelEvery = opts.intelEveryMs ?? 86_400_000;
  const stopIntel = intelEvery > 0 ? intel.start(intelEvery) : () => undefined;
  // Computed traits rewritten by a discovery run or a computed-trait definition move the live segments at once.
  const onTraitsRewritten = async (names: readonly string[]): Promise<void> => {
    await live.computedTraitsRewritten(names);
  };
  // Specific routes (e.g. /segments/:id/kpis, /segments/overlap) before the generic /segments/:id ones.
  const apiRoutes = [
    insightsRoutes(store, profiles),
    measureRoutes(store),
    intelRoutes(store, intel),
    discoverRoutes(store, {
      onTraitsRewritten,
      onSegmentsChanged: async () => {
        await live.updateSegments(await segments.list());
      },
    }),
    activateRoutes(activation),
    segmentsRoutes(segments, { onTraitsRewritten }),
    profilesExplainRoutes(segments),
    ...(opts.extraRoutes ? await opts.extraRoutes(store, ingestor) : []),
  ];
  const web = opts.web === false ? undefined : (opts.web ?? webRoutes());
  const { app } = createApp({
    erasure: {
      inTx: (tx, profileId) => live.profileErased(tx, profileId),
      committed: () => live.erasureCommitted(),
    },
    // A segment edit hands over to streaming: backfill from the log, then live (no gap, no duplicate change).
    onSegmentsChanged: async () => {
      await live.updateSegments(await segments.list());
    },
    store,
    ingestor,
    keys,
    profiles,
    metrics,
    localToken,
    apiRoutes,
    ...(web ? { web } : {}),
  });
  const host = opts.host ?? "127.0.0.1";
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: opts.port ?? 3000, hostname: host }, () => resolve(s));
    s.once("error", reject);
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host}:${port}`;
  if (opts.dataDir !== null) writeServerFile(opts.dataDir, { pid: process.pid, url, token: localToken });
  return {
    url,
    port,
    store,
    ingestor,
    keys,
    localToken,
    close: async () => {
      await new Promise<void>((r) => server.close(() => r()));
      clearInterval(ticker);
      stopIntel();
      await ticking;
      await worker?.stop();
      if (opts.dataDir !== null) removeServerFile(opts.dataDir);
      await store.close();
    },
  };
}
