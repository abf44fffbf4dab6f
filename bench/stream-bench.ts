/**
 * Streaming evaluation: events per CPU-second of the evaluator with 100 mixed segments over many profiles, latency
 * event → change at a paced 10k events/s, state bytes per profile and RSS, and a separate process holding 1M profiles
 * (its RSS is not mixed with this one's). Baselines measured in the same run: keeping the same segments fresh by
 * re-running their compiled SQL (DuckDB micro-batch), and json-rules-engine on the trait-only segments against the
 * evaluator on the same identify stream.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { Engine } from "json-rules-engine";
import { Ingestor, validateAll } from "../src/ingest/index.js";
import type { Condition, SegmentMessage, SegmentRecord } from "../src/model/index.js";
import { membersAt, SegmentService, segmentMap } from "../src/segments/index.js";
import { DuckDBStore } from "../src/store/index.js";
import { StreamEvaluator, type StreamEvent } from "../src/stream/index.js";
import { jsonOf, runCli } from "../test/helpers/run-cli.js";
import { spawnServer } from "../test/helpers/spawn-server.js";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Population parameter (profiles actually seen are fewer: activity is skewed) and events of the throughput run. */
const PROFILES = Number(process.env["STREAM_BENCH_PROFILES"] ?? 300_000);
const EVENTS = Number(process.env["STREAM_BENCH_EVENTS"] ?? 1_500_000);
/** The memory run: this many profiles, each with EVENTS_PER_PROFILE events. */
const MILLION = Number(process.env["STREAM_BENCH_MILLION"] ?? 1_000_000);
const EVENTS_PER_PROFILE = 5;
const T0 = Date.parse("2025-01-01T00:00:00Z");
const SPAN_MS = 30 * 86_400_000;
const NAMES = [
  "Page Viewed",
  "Product Viewed",
  "Product Added",
  "Order Completed",
  "Signed Up",
  "Search",
  "Email Opened",
  "Support Ticket",
];
const PLANS = ["free", "pro", "team"];
const COUNTRIES = ["DE", "FR", "US", "GB", "NO"];

let seed = 42;
const rnd = (n: number): number => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed >>> 8) % n;
};

/** 100 segments: every node kind, the windows and thresholds a CRM team would write. */
export function benchSegments(): SegmentRecord[] {
  const defs: Condition[] = [];
  // Mostly day-scale windows (what CRM audiences use), a few short ones for "right now" audiences.
  const win = ["1h", "1d", "7d", "30d", "7d", "30d", "90d"];
  for (let i = 0; defs.length < 100; i++) {
    const e = NAMES[i % NAMES.length]!;
    const w = win[i % win.length]!;
    switch (i % 12) {
      case 0:
        defs.push({ performed: e, within: w, count: { op: "gte", value: 1 + (i % 3) } });
        break;
      case 1:
        defs.push({
          all: [
            { trait: "plan", op: "eq", value: PLANS[i % 3] },
            { performed: e, within: w },
          ],
        });
        break;
      case 2:
        defs.push({
          performed: "Order Completed",
          within: "30d",
          agg: { fn: "sum", property: "revenue", op: "gte", value: 100 + i },
        });
        break;
      case 3:
        defs.push({ did: "Product Added", thenNot: "Order Completed", for: ["1h", "2h", "1d"][i % 3]!, within: "7d" });
        break;
      case 4:
        defs.push({ sequence: ["Product Viewed", "Product Added", "Order Completed"], within: "1d", lookback: "7d" });
        break;
      case 5:
        defs.push({ last: e, olderThan: w, within: "30d" });
        break;
      case 6:
        defs.push({ first: e, within: w });
        break;
      case 7:
        defs.push({
          any: [
            { trait: "country", op: "in", value: COUNTRIES.slice(0, 1 + (i % 4)) },
            { trait: "score", op: "gt", value: 50 + (i % 40) },
          ],
        });
        break;
      case 8:
        defs.push({ not: { performed: e, within: "7d" } });
        break;
      case 9:
        defs.push({
          all: [{ bucket: { salt: `b${i}`, from: 0, to: 50 } }, { trait: "plan", op: "neq", value: "free" }],
        });
        break;
      case 10:
        defs.push({ trait: "score", op: i % 2 ? "topPercent" : "bottomPercent", value: 10 });
        break;
      default:
        defs.push({
          all: [{ inSegment: `seg${i - 11}` }, { performed: e, within: "7d", count: { op: "gte", value: 2 } }],
        });
    }
  }
  return defs.map((definition, i) => ({ id: `seg${i}`, name: `seg${i}`, definition, refresh: "realtime", version: 1 }));
}

let seq = 0;
let session = { profile: 0, left: 0, at: 0 };

/**
 * Sessions, not uniform noise: a profile (activity skewed: a few are very active, most rarely seen) emits a burst of
 * 2–9 events minutes apart, then someone else does. Times follow the stream position over 30 days, with a little
 * disorder (up to a minute late).
 */
function event(i: number, total: number): StreamEvent {
  if (session.left === 0) {
    const u = rnd(1_000_000) / 1_000_000;
    session = {
      profile: Math.floor(PROFILES * u * u * u),
      left: 2 + rnd(8),
      at: T0 + Math.floor((i / total) * SPAN_MS),
    };
  }
  session.left--;
  session.at += rnd(120_000);
  const profileId = `p${session.profile}`;
  const ts = session.at - rnd(60_000);
  if (rnd(20) === 0) {
    return {
      seq: ++seq,
      ts,
      profileId,
      type: "identify",
      event: null,
      properties: null,
      traits: { plan: PLANS[rnd(3)], country: COUNTRIES[rnd(5)], score: rnd(100) },
    };
  }
  const name = NAMES[rnd(NAMES.length)]!;
  return {
    seq: ++seq,
    ts,
    profileId,
    type: "track",
    event: name,
    properties: { revenue: rnd(200), sku: `s${rnd(50)}` },
    traits: null,
  };
}

const pct = (xs: Float64Array, p: number): number => xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

/** JS heap plus array buffers (typed-array columns live outside the heap): what the state really holds. */
async function heldBytes(): Promise<number> {
  // Array buffers are released by a concurrent sweeper after the GC that finds them dead: collect, wait, collect.
  gc();
  await new Promise((r) => setTimeout(r, 200));
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

async function throughput(segments: SegmentRecord[]) {
  const held0 = await heldBytes();
  const ev = new StreamEvaluator(segments, { rankEveryMs: 86_400_000 });
  const CHUNK = 200_000;
  let ms = 0;
  let cpuMs = 0;
  let changes = 0;
  for (let done = 0; done < EVENTS; done += CHUNK) {
    const chunk = Array.from({ length: Math.min(CHUNK, EVENTS - done) }, (_, k) => event(done + k, EVENTS));
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    for (const e of chunk) changes += ev.applyEvent(e).length;
    const c1 = process.cpuUsage(c0);
    cpuMs += (c1.user + c1.system) / 1000;
    ms += performance.now() - t0;
    const n = done + chunk.length;
    process.stderr.write(`  ${n} events, ${ev.profiles.size} profiles, ${Math.round((n / cpuMs) * 1000)} ev/cpu-s\n`);
  }
  const held1 = await heldBytes();
  return {
    evaluator: ev,
    result: {
      profiles: ev.profiles.size,
      events: EVENTS,
      // Per core = per CPU-second of this (single-threaded) process: the machine is shared, so wall time overstates.
      eventsPerSecPerCore: Math.round((EVENTS / cpuMs) * 1000),
      eventsPerWallSec: Math.round((EVENTS / ms) * 1000),
      changesPerEvent: +(changes / EVENTS).toFixed(2),
      changes,
      timersFired: ev.stats.timers,
      lateEvents: ev.stats.late,
      stateBytesPerProfile: Math.round((held1 - held0) / ev.profiles.size),
      rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
    },
  };
}

/**
 * Memory at scale, run in a child process so its RSS is its own: MILLION profiles, each with EVENTS_PER_PROFILE
 * events (deterministic: round r gives every profile one event, times rising over the 30 days, 1 in 20 an identify).
 */
async function millionProfiles() {
  const segments = benchSegments();
  const held0 = await heldBytes();
  const ev = new StreamEvaluator(segments, { rankEveryMs: 86_400_000 });
  const total = MILLION * EVENTS_PER_PROFILE;
  let n = 0;
  let changes = 0;
  let cpuMs = 0;
  for (let r = 0; r < EVENTS_PER_PROFILE; r++) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < MILLION; i++, n++) {
      // A fixed odd stride visits every profile once per round in a scattered order.
      const id = (i * 7_919 + r) % MILLION;
      const ts = T0 + Math.floor((n / total) * SPAN_MS);
      const e = millionEvent(n, id, ts);
      changes += ev.applyEvent(e).length;
    }
    const c1 = process.cpuUsage(c0);
    cpuMs += (c1.user + c1.system) / 1000;
    process.stderr.write(`  million: round ${r + 1}/${EVENTS_PER_PROFILE}, ${ev.profiles.size} profiles\n`);
  }
  const held1 = await heldBytes();
  const m = process.memoryUsage();
  const memory = {
    profiles: ev.profiles.size,
    events: total,
    eventsPerSecPerCore: Math.round((total / cpuMs) * 1000),
    changes,
    stateBytesPerProfile: Math.round((held1 - held0) / ev.profiles.size),
    rssMiB: Math.round(m.rss / 2 ** 20),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapUsedMiB: Math.round(m.heapUsed / 2 ** 20),
    arrayBuffersMiB: Math.round(m.arrayBuffers / 2 ** 20),
  };
  return { ...memory, liveDensity: liveDensity(ev, n) };
}

/** One event of the memory run's deterministic stream (n: its position; 1 in 20 an identify). */
function millionEvent(n: number, id: number, ts: number): StreamEvent {
  const h = Math.imul(n, 2_654_435_761) >>> 0;
  return h % 20 === 0
    ? {
        seq: n + 1,
        ts,
        profileId: `p${id}`,
        type: "identify",
        event: null,
        properties: null,
        traits: { plan: PLANS[h % 3], country: COUNTRIES[(h >>> 3) % 5], score: (h >>> 5) % 100 },
      }
    : {
        seq: n + 1,
        ts,
        profileId: `p${id}`,
        type: "track",
        event: NAMES[(h >>> 7) % NAMES.length]!,
        properties: { revenue: (h >>> 11) % 200, sku: `s${(h >>> 13) % 50}` },
        traits: null,
      };
}

/**
 * The warm 1M-profile evaluator fed as a live stream is: event time advancing with arrivals at the target rate
 * (300k events per second of event time, up to 1 s late), activity skewed over a population 5 % larger than the warm
 * one (new profiles keep arriving). The replay-density runs pack 30 days into the events, so time-driven work
 * (timers firing) per event is that of a replay; at live density it is what the clock brings in a few seconds.
 */
function liveDensity(ev: StreamEvaluator, from: number) {
  const RATE = 300_000;
  const N = 1_500_000;
  const population = Math.round(MILLION * 1.05);
  const profiles0 = ev.profiles.size;
  const timers0 = ev.stats.timers;
  const start = T0 + SPAN_MS;
  let s = 7;
  const next = (k: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  const events = Array.from({ length: N }, (_, k) => {
    const u = next(1_000_000) / 1_000_000;
    const ts = start + Math.floor((k * 1000) / RATE) - next(1000);
    return millionEvent(from + k, Math.floor(population * u * u * u), ts);
  });
  let changes = 0;
  const c0 = process.cpuUsage();
  for (const e of events) changes += ev.applyEvent(e).length;
  const c1 = process.cpuUsage(c0);
  return {
    events: N,
    rate: RATE,
    eventsPerSecPerCore: Math.round((N / ((c1.user + c1.system) / 1000)) * 1000),
    changesPerEvent: +(changes / N).toFixed(2),
    timersFired: ev.stats.timers - timers0,
    newProfiles: ev.profiles.size - profiles0,
  };
}

/** Runs millionProfiles in a fresh process (same node flags, so the TypeScript loader too). */
function millionInChild(): object {
  const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename], {
    env: { ...process.env, STREAM_BENCH_CHILD: "million" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 20,
  });
  if (child.status !== 0) throw new Error(`million-profile run failed (exit ${child.status})`);
  return JSON.parse(child.stdout) as object;
}

/** Paced at 10k events/s: latency = time from an event's scheduled arrival to its changes being returned. */
function latency(ev: StreamEvaluator) {
  const RATE = 10_000;
  const N = 30_000;
  const lat = new Float64Array(N);
  const events = Array.from({ length: N }, (_, k) => event(EVENTS + k, EVENTS + N));
  const start = performance.now() + 5;
  for (let k = 0; k < N; k++) {
    const due = start + (k * 1000) / RATE;
    while (performance.now() < due) {
      /* pacing: busy-wait to the arrival instant */
    }
    ev.applyEvent(events[k]!);
    lat[k] = performance.now() - due;
  }
  lat.sort();
  return {
    rate: RATE,
    events: N,
    p50Ms: +pct(lat, 50).toFixed(4),
    p99Ms: +pct(lat, 99).toFixed(4),
    maxMs: +lat[N - 1]!.toFixed(3),
  };
}

/**
 * Event accepted → change in the outbox, through the real write path: a `tessera serve` child holding the 100
 * segments takes Segment-style batches of 20 events (stamped at send) on /v1/batch at `RATE` events/s over 8
 * keep-alive connections for `SECONDS`. A batch is answered after the durable commit that also holds the stream's
 * changes (membership log, memberships, outbox), so its response time counted from its scheduled send is the latency
 * of every event in it; a client that falls behind counts its queueing too (no coordinated omission).
 */
export async function endToEnd(segments: SegmentRecord[], RATE: number, SECONDS: number) {
  const BATCH = 20;
  const CONNECTIONS = 8;
  const WARMUP_REQUESTS = 25;
  const dataDir = mkdtempSync(join(tmpdir(), "tessera-bench-stream-"));
  try {
    const setup = await DuckDBStore.open({ dataDir });
    const svc = new SegmentService(setup);
    for (const s of segments)
      await svc.create({ id: s.id, name: s.name, definition: s.definition, refresh: "realtime" });
    await setup.close();
    const key = jsonOf<{ secret: string }>(
      await runCli(["keys", "create", "--scope", "write", "--data", dataDir, "--json"]),
    ).secret;
    const server = await spawnServer(dataDir);
    const auth = `Basic ${Buffer.from(`${key}:`).toString("base64")}`;
    const requests = (RATE * SECONDS) / BATCH;
    const interval = (1000 * BATCH) / RATE;
    const lat = new Float64Array(requests);
    let s = 99;
    const next = (k: number): number => {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      return (s >>> 8) % k;
    };
    const message = (k: number, j: number, now: number) => {
      const u = next(1_000_000) / 1_000_000;
      const userId = `e${Math.floor(20_000 * u * u * u)}`;
      const timestamp = new Date(now - BATCH + j).toISOString();
      const messageId = `e2e-${k}-${j}`;
      return next(20) === 0
        ? {
            type: "identify",
            userId,
            timestamp,
            messageId,
            traits: { plan: PLANS[next(3)], country: COUNTRIES[next(5)], score: next(100) },
          }
        : {
            type: "track",
            userId,
            timestamp,
            messageId,
            event: NAMES[next(NAMES.length)],
            properties: { revenue: next(200), sku: `s${next(50)}` },
          };
    };
    let failed = 0;
    // Sends `count` requests (numbered from `first`) on the fixed schedule; latencies go to `into` when given.
    const phase = async (first: number, count: number, every: number, into: Float64Array | null) => {
      let taken = 0;
      const start = performance.now() + 100;
      const connection = async (): Promise<void> => {
        for (let i = taken++; i < count; i = taken++) {
          const k = first + i;
          const due = start + i * every;
          const wait = due - performance.now();
          if (wait > 0) await sleep(wait);
          const now = Date.now();
          const body = JSON.stringify({ batch: Array.from({ length: BATCH }, (_, j) => message(k, j, now)) });
          const res = await fetch(`${server.url}/v1/batch`, {
            method: "POST",
            headers: { authorization: auth, "content-type": "application/json" },
            body,
          });
          await res.arrayBuffer();
          if (res.status !== 200) failed++;
          if (into) into[i] = performance.now() - due;
        }
      };
      await Promise.all(Array.from({ length: CONNECTIONS }, connection));
      return start;
    };
    // A running server, not a cold one: 1 s at 500 events/s first (JIT, first appends), not counted.
    await phase(requests, WARMUP_REQUESTS, 40, null);
    const start = await phase(0, requests, interval, lat);
    const wallS = (performance.now() - start) / 1000;
    server.child.kill("SIGTERM");
    await new Promise((r) => server.child.once("exit", r));
    const store = await DuckDBStore.open({ dataDir, readOnly: true });
    const count = async (sql: string) => Number((await store.all<{ n: number }>(sql))[0]?.n ?? 0);
    const stored = await count("SELECT count(*) AS n FROM events");
    const outbox = await count("SELECT count(*) AS n FROM outbox");
    const logged = await count("SELECT count(*) AS n FROM membership_log");
    await store.close();
    lat.sort();
    return {
      rate: RATE,
      batch: BATCH,
      connections: CONNECTIONS,
      events: RATE * SECONDS,
      warmupEvents: WARMUP_REQUESTS * BATCH,
      eventsStored: stored,
      failedRequests: failed,
      achievedEventsPerSec: Math.round((RATE * SECONDS) / wallS),
      changesInOutbox: outbox,
      changesLogged: logged,
      p50Ms: +pct(lat, 50).toFixed(2),
      p99Ms: +pct(lat, 99).toFixed(2),
      maxMs: +lat[requests - 1]!.toFixed(1),
    };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Micro-batch baseline: the same 100 segments as one compiled SQL query over a sample loaded into DuckDB. */
async function sqlRefresh(segments: SegmentRecord[]) {
  const P = 20_000;
  const E = 200_000;
  const store = await DuckDBStore.open({ dataDir: null });
  const ingestor = await Ingestor.create(store);
  const msgs: SegmentMessage[] = [];
  for (let i = 0; i < E; i++) {
    const e = event(i, E);
    const userId = `p${Number(e.profileId.slice(1)) % P}`;
    const timestamp = new Date(e.ts).toISOString();
    msgs.push(
      (e.type === "identify"
        ? { type: "identify", userId, traits: e.traits, timestamp, messageId: `b${i}` }
        : {
            type: "track",
            userId,
            event: e.event,
            properties: e.properties,
            timestamp,
            messageId: `b${i}`,
          }) as SegmentMessage,
    );
  }
  for (let i = 0; i < msgs.length; i += 10_000)
    await ingestor.ingest(validateAll(msgs.slice(i, i + 10_000), []), { source: "b" });
  const map = segmentMap(segments);
  const t = T0 + SPAN_MS;
  await membersAt(
    store,
    segments.map((s) => ({ segmentId: s.id })),
    t,
    map,
  ); // warm-up
  const runs = 3;
  const t0 = performance.now();
  for (let r = 0; r < runs; r++)
    await membersAt(
      store,
      segments.map((s) => ({ segmentId: s.id })),
      t,
      map,
    );
  const refreshMs = (performance.now() - t0) / runs;
  const stream = new StreamEvaluator(segments, { rankEveryMs: 3_600_000 });
  const batches = await store.all<{ n: number }>("SELECT count(*) AS n FROM events");
  await store.close();
  // The same sample through the evaluator, for the per-event ratio.
  seed = 42;
  session = { profile: 0, left: 0, at: 0 };
  const sample = Array.from({ length: E }, (_, i) => event(i, E));
  for (const e of sample) e.profileId = `p${Number(e.profileId.slice(1)) % P}`;
  const s0 = performance.now();
  for (const e of sample) stream.applyEvent(e);
  const streamMs = performance.now() - s0;
  return {
    profiles: P,
    events: batches[0]?.n ?? E,
    sqlRefreshAll100Ms: Math.round(refreshMs),
    streamAllEventsMs: Math.round(streamMs),
    note: "a micro-batch refresh recomputes every segment over all history; streaming touches only the segments an event can move",
    freshnessAt1sNeeds: `${Math.ceil(refreshMs / 1000)} core-seconds per second of SQL for this sample alone`,
  };
}

/** json-rules-engine on the trait-only segments vs the evaluator, on the same identify updates. */
async function rulesEngine(segments: SegmentRecord[]) {
  const traitOnly = segments.filter(
    (s) =>
      !/"(performed|first|last|did|sequence|bucket|inSegment)"/.test(JSON.stringify(s.definition)) &&
      !/Percent/.test(JSON.stringify(s.definition)),
  );
  const engine = new Engine([], { allowUndefinedFacts: true });
  const toRule = (c: Condition): Record<string, unknown> => {
    if ("all" in c) return { all: c.all.map(toRule) };
    if ("any" in c) return { any: c.any.map(toRule) };
    if ("not" in c) return { not: toRule(c.not) };
    if ("trait" in c) {
      const op = {
        eq: "equal",
        neq: "notEqual",
        gt: "greaterThan",
        gte: "greaterThanInclusive",
        lt: "lessThan",
        lte: "lessThanInclusive",
        in: "in",
        notIn: "notIn",
      }[c.op as "eq"];
      if (!op) throw new Error(`no json-rules-engine operator for ${c.op}`);
      return { fact: c.trait, operator: op, value: c.value };
    }
    throw new Error("not a trait rule");
  };
  for (const s of traitOnly) engine.addRule({ conditions: toRule(s.definition) as never, event: { type: s.id } });
  const N = 20_000;
  const facts = Array.from({ length: N }, () => ({ plan: PLANS[rnd(3)], country: COUNTRIES[rnd(5)], score: rnd(100) }));
  const t0 = performance.now();
  let jreMatches = 0;
  for (const f of facts) jreMatches += (await engine.run(f)).events.length;
  const jreMs = performance.now() - t0;
  const ev = new StreamEvaluator(traitOnly);
  const events = facts.map(
    (traits, i): StreamEvent => ({
      seq: i + 1,
      ts: T0 + i,
      profileId: `q${i % 5000}`,
      type: "identify",
      event: null,
      properties: null,
      traits,
    }),
  );
  const s0 = performance.now();
  for (const e of events) ev.applyEvent(e);
  const streamMs = performance.now() - s0;
  return {
    traitSegments: traitOnly.length,
    updates: N,
    jsonRulesEnginePerSec: Math.round((N / jreMs) * 1000),
    streamPerSec: Math.round((N / streamMs) * 1000),
    speedup: +(jreMs / streamMs).toFixed(1),
    jreMatches,
  };
}

export async function run(): Promise<object> {
  const load0 = loadavg()[0] ?? 0;
  const segments = benchSegments();
  const { evaluator, result } = await throughput(segments);
  const lat = latency(evaluator);
  const rssMiB = Math.round(process.memoryUsage().rss / 2 ** 20);
  const million = millionInChild();
  // At the issue's 10k events/s (3 s of sends: the server saturates, so the backlog bounds the run) and below
  // saturation (500 events/s for 10 s).
  const e2e = { at10k: await endToEnd(segments, 10_000, 3), at500: await endToEnd(segments, 500, 10) };
  const sql = await sqlRefresh(segments);
  const jre = await rulesEngine(segments);
  return {
    segments: segments.length,
    throughput: result,
    latencyAt10k: lat,
    endToEnd: e2e,
    rssMiBAfter: rssMiB,
    millionProfiles: million,
    baselines: { microBatchSql: sql, jsonRulesEngine: jre },
    targets: { eventsPerSecPerCore: 300_000, p99Ms: 10, stateBytesPerProfile: 1024, millionProfilesRssMiB: 2048 },
    howMeasured: {
      eventsPerSecPerCore:
        "events / CPU time (user + system, process.cpuUsage) of the applyEvent loop only; events are generated outside it",
      stateBytesPerProfile:
        "(heapUsed + arrayBuffers) after a forced GC with the evaluator alive, minus the same before it was created, / profiles",
      rssMiB: "process.memoryUsage().rss of the bench process after the throughput run",
      millionProfiles:
        "a child process: 1M profiles × 5 events generated on the fly (round r: every profile once, times rising over 30 days); RSS after a forced GC, peak = getrusage maxRSS; then liveDensity: 1.5M more events on that warm state with event time advancing at 300k events per second (skewed activity, 5 % new profiles in the population), events / CPU time of the applyEvent loop",
      latencyAt10k:
        "events released at 10k/s by busy-waiting; latency = return of applyEvent − scheduled arrival, on the warm evaluator",
      endToEnd:
        "a tessera serve child with the 100 segments, fresh data; batches of 20 events stamped at send, POSTed to /v1/batch on 8 keep-alive connections at 10k events/s for 3 s and at 500 events/s for 10 s, each after 1 s of warm-up at 500 events/s (not counted; eventsStored includes it); latency = response (after the durable commit holding the changes, log and outbox) − scheduled send; achievedEventsPerSec = events / time until the last answer",
    },
    machineLoadAvg1m: +(loadavg()[0] ?? 0).toFixed(2),
    machineLoadAvg1mAtStart: +load0.toFixed(2),
  };
}

if (process.env["STREAM_BENCH_CHILD"] === "million") process.stdout.write(JSON.stringify(await millionProfiles()));
