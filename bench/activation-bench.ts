/**
 * Activation: deliveries per second from the outbox to a local webhook receiver (node:http on 127.0.0.1), and the
 * latency from a membership change (its outbox row committed) to the receiver getting the signed webhook, at a
 * steady change rate. Baseline, measured in the same run: the same receiver hit by plain signed POSTs with the same
 * concurrency and no outbox (the HTTP ceiling), so the ratio is the price of durability, ordering and bookkeeping.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { ActivationService, signBody } from "../src/activate/index.js";
import { DuckDBStore } from "../src/store/index.js";

const CONCURRENCY = 16;
const THROUGHPUT_N = 6000;
const RATE_PER_S = 100;
const LATENCY_SECONDS = 8;
const SECRET = "whsec_bench_secret_0123456789";

interface Receiver {
  url: string;
  arrivals: Map<string, number>;
  count: number;
  close(): Promise<void>;
}

async function receiver(): Promise<Receiver> {
  const r: Receiver = { url: "", arrivals: new Map(), count: 0, close: async () => undefined };
  const server = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const key = String(req.headers["idempotency-key"] ?? "");
      if (!r.arrivals.has(key)) r.arrivals.set(key, Date.now());
      r.count++;
      res.writeHead(200).end();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  r.close = () =>
    new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    });
  return r;
}

/** Writes changes exactly as the streaming evaluator does: producer rows for destination "*", one commit per batch. */
async function produce(store: DuckDBStore, from: number, n: number, tag: string): Promise<string[]> {
  const now = Date.now();
  const rows: (string | number | null)[][] = [];
  const keys: string[] = [];
  const first = await store.nextSeq("outbox", n);
  for (let i = 0; i < n; i++) {
    const profile = `p${(from + i) % 2000}`;
    const at = new Date(now).toISOString();
    const change = Math.floor((from + i) / 2000) % 2 === 0 ? "entered" : "exited";
    const key = `bench:1:${profile}:${change}:${tag}-${from + i}`;
    keys.push(`${key}:hook`);
    const payload = JSON.stringify({ segment: "bench", version: 1, profile, change, at, reason: "bench" });
    rows.push([first + i, key, "*", "membership", profile, payload, "pending", 0, now, null, now, null]);
  }
  await store.transaction((tx) => tx.append("outbox", rows));
  return keys;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};

async function httpCeiling(url: string, n: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < n) {
        const i = next++;
        const body = JSON.stringify({ id: `raw-${i}`, type: "membership", segment: "bench", profile: `p${i}` });
        const res = await fetch(url, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "Idempotency-Key": `raw-${i}`,
            "Tessera-Signature": signBody(body, [SECRET], Math.floor(Date.now() / 1000)),
          },
          body,
        });
        await res.arrayBuffer();
      }
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

export async function run(): Promise<object> {
  const dataDir = mkdtempSync(join(tmpdir(), "tessera-bench-activate-"));
  const rx = await receiver();
  const store = await DuckDBStore.open({ dataDir });
  try {
    const svc = new ActivationService(store);
    await svc.destinations.put({
      id: "hook",
      kind: "webhook",
      config: { url: rx.url, secrets: [SECRET] },
      segments: ["bench"],
      concurrency: CONCURRENCY,
    });

    // 1. Throughput: a backlog of changes drained by one worker (2,000 profiles, per-profile order kept).
    const backlog = await produce(store, 0, THROUGHPUT_N, "tp");
    const worker = svc.createWorker({ pollMs: 5 });
    const t0 = performance.now();
    worker.start();
    for (;;) {
      const left = await store.all<{ n: number }>(
        "SELECT count(*) AS n FROM outbox WHERE status IN ('pending') AND (destination = 'hook' OR destination = '*')",
      );
      if ((left[0]?.n ?? 1) === 0) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const seconds = (performance.now() - t0) / 1000;
    const delivered = backlog.filter((k) => rx.arrivals.has(k)).length;
    const deliveriesPerSec = THROUGHPUT_N / seconds;
    process.stderr.write(`throughput: ${THROUGHPUT_N} in ${seconds.toFixed(2)} s = ${deliveriesPerSec.toFixed(0)}/s\n`);

    // 2. Latency at a steady rate: commit a small batch every 20 ms, measure commit → arrival.
    const created = new Map<string, number>();
    const tick = 20;
    const perTick = Math.max(1, Math.round((RATE_PER_S * tick) / 1000));
    const ticks = Math.round((LATENCY_SECONDS * 1000) / tick);
    const start = Date.now();
    for (let i = 0; i < ticks; i++) {
      const due = start + i * tick;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const keys = await produce(store, THROUGHPUT_N + i * perTick, perTick, "lat");
      const committed = Date.now();
      for (const k of keys) created.set(k, committed);
      worker.poke();
    }
    const deadline = Date.now() + 30_000;
    while ([...created.keys()].some((k) => !rx.arrivals.has(k)) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    await worker.stop();
    const lat = [...created].filter(([k]) => rx.arrivals.has(k)).map(([k, t]) => rx.arrivals.get(k)! - t);
    const p50 = pct(lat, 50);
    const p99 = pct(lat, 99);
    process.stderr.write(`latency at ${RATE_PER_S}/s: p50 ${p50} ms, p99 ${p99} ms (${lat.length}/${created.size})\n`);

    // 3. Baseline: the HTTP ceiling of the same receiver, same concurrency, no outbox.
    const raw = await httpCeiling(rx.url, 4000);
    process.stderr.write(`baseline plain POSTs: ${raw.toFixed(0)}/s\n`);

    return {
      throughput: {
        changes: THROUGHPUT_N,
        profiles: 2000,
        concurrency: CONCURRENCY,
        delivered,
        seconds: Math.round(seconds * 1000) / 1000,
        deliveriesPerSec: Math.round(deliveriesPerSec),
      },
      latency: {
        changesPerSec: (perTick * 1000) / tick,
        changes: created.size,
        delivered: lat.length,
        p50Ms: p50,
        p99Ms: p99,
        maxMs: Math.max(...lat),
        from: "outbox row committed by the producer",
        to: "webhook received by the local receiver",
      },
      baseline: {
        what: "plain signed POSTs to the same receiver, same concurrency, no outbox",
        requestsPerSec: Math.round(raw),
        ratio: Math.round((deliveriesPerSec / raw) * 1000) / 1000,
      },
      receiverRequests: rx.count,
      // The machine is shared: a high load average means every figure above (and the baseline) is slowed alike.
      loadAverage1m: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    await store.close();
    await rx.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
