import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService, type DeliveryWorker, verifySignature } from "../../src/activate/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { type Receiver, recordChange, SECRET_A, SECRET_B, startReceiver, waitFor } from "./activation-helpers.js";

let store: DuckDBStore;
let rx: Receiver;
let svc: ActivationService;
let worker: DeliveryWorker | null = null;

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null });
  rx = await startReceiver();
  svc = new ActivationService(store);
});
afterEach(async () => {
  await worker?.stop();
  worker = null;
  await rx.close();
  await store.close();
});

const addHook = (extra: Record<string, unknown> = {}) =>
  svc.destinations.put({
    id: "vip-hook",
    kind: "webhook",
    config: { url: rx.url, secrets: [SECRET_A] },
    segments: ["high_ltv"],
    ...extra,
  });

describe("webhook delivery, end to end on 127.0.0.1", () => {
  it("a membership change arrives signed (HMAC-SHA256 over t.body) within a bounded time", async () => {
    await addHook();
    worker = svc.createWorker({ pollMs: 10 });
    worker.start();
    const at = Date.now();
    const key = await recordChange(store, { segment: "high_ltv", profile: "p1", change: "entered", at });
    const waited = await waitFor(() => rx.requests.length >= 1, 5000, "the webhook");
    expect(waited).toBeLessThan(5000);
    const r = rx.requests[0]!;
    expect(r.key).toBe(`${key}:vip-hook`);
    expect(r.json).toMatchObject({ id: `${key}:vip-hook`, type: "membership", segment: "high_ltv", profile: "p1" });
    expect(r.json["change"]).toBe("entered");
    const sig = String(r.headers["tessera-signature"]);
    expect(sig).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifySignature(sig, r.body, SECRET_A, Math.floor(Date.now() / 1000)).ok).toBe(true);
    expect(verifySignature(sig, `${r.body} `, SECRET_A, Math.floor(Date.now() / 1000))).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySignature(sig, r.body, SECRET_B, Math.floor(Date.now() / 1000)).ok).toBe(false);
    await waitFor(async () => (await svc.outbox.list({ status: "delivered" })).rows.length === 1, 2000, "commit");
    const row = (await svc.outbox.list({ destination: "vip-hook" })).rows[0]!;
    expect(row).toMatchObject({ status: "delivered", attempts: 1, lastError: null });
    expect(row.latencyMs).toBeGreaterThanOrEqual(0);
    // The producer row is closed as dispatched, never delivered twice by fan-out.
    expect((await svc.outbox.list({ destination: "*" })).rows[0]!.status).toBe("dispatched");
  });

  it("during a rotation both secrets sign, so receivers on either secret accept", async () => {
    await addHook();
    const { secret } = await svc.destinations.rotateSecret("vip-hook");
    worker = svc.createWorker();
    await recordChange(store, { segment: "high_ltv", profile: "p2", change: "entered", at: Date.now() });
    await worker.drain();
    const r = rx.requests[0]!;
    const sig = String(r.headers["tessera-signature"]);
    expect(sig.split(",").filter((p) => p.startsWith("v1="))).toHaveLength(2);
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(sig, r.body, secret, now).ok).toBe(true);
    expect(verifySignature(sig, r.body, SECRET_A, now).ok).toBe(true);
    expect(verifySignature(sig, r.body, SECRET_B, now).ok).toBe(false);
    expect(verifySignature(sig, r.body, secret, now + 3600).reason).toBe("stale");
  });

  it("a receiver answering 503 for a while: retries with backoff, each key accepted once, order kept per profile", async () => {
    await addHook({ concurrency: 4 });
    let failUntil = Date.now() + 400;
    rx.respond = () => (Date.now() < failUntil ? 503 : 200);
    worker = svc.createWorker({ pollMs: 5, backoff: { baseMs: 20, maxMs: 120 } });
    const keys: string[] = [];
    const t0 = Date.now();
    for (let i = 0; i < 24; i++) {
      const profile = `p${i % 4}`;
      const change = Math.floor(i / 4) % 2 === 0 ? "entered" : "exited";
      keys.push(`${await recordChange(store, { segment: "high_ltv", profile, change, at: t0 + i })}:vip-hook`);
    }
    failUntil = Date.now() + 400;
    worker.start();
    await waitFor(
      () => new Set(rx.requests.filter((r) => r.status === 200).map((r) => r.key)).size === 24,
      15000,
      "all",
    );
    await worker.stop();
    worker = null;
    const accepted = rx.requests.filter((r) => r.status === 200);
    expect(accepted.map((r) => r.key).sort()).toEqual([...keys].sort());
    expect(rx.requests.some((r) => r.status === 503)).toBe(true);
    // Order per profile: the accepted deliveries of each profile arrive in the order the changes were made.
    for (let p = 0; p < 4; p++) {
      const got = accepted.filter((r) => r.json["profile"] === `p${p}`).map((r) => r.key);
      expect(got).toEqual(keys.filter((_, i) => i % 4 === p));
    }
    const retried = (await svc.outbox.list({ destination: "vip-hook" })).rows.filter((r) => r.attempts > 1);
    expect(retried.length).toBeGreaterThan(0);
    const detail = await svc.outbox.get(retried[0]!.seq);
    expect(detail.history[0]).toMatchObject({ ok: false, httpStatus: 503 });
    expect(detail.history.at(-1)).toMatchObject({ ok: true });
  });

  it("a 4xx goes to the dead-letter queue at once; retry sends it again with the same key", async () => {
    await addHook();
    rx.respond = () => 400;
    worker = svc.createWorker();
    const key = await recordChange(store, { segment: "high_ltv", profile: "p9", change: "entered", at: Date.now() });
    await worker.drain();
    const dead = (await svc.outbox.list({ status: "dead" })).rows;
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toContain("HTTP 400");
    rx.respond = () => 200;
    expect(await svc.outbox.retry({ destination: "vip-hook" })).toBe(1);
    await worker.drain();
    expect(rx.requests.map((r) => [r.key, r.status])).toEqual([
      [`${key}:vip-hook`, 400],
      [`${key}:vip-hook`, 200],
    ]);
    expect(await svc.outbox.replay({ destination: "vip-hook" })).toBe(1);
    await worker.drain();
    expect(rx.requests).toHaveLength(3);
    expect(rx.requests[2]!.key).toBe(`${key}:vip-hook`);
  });

  it("retryable failures stop after maxAttempts and land in the dead-letter queue", async () => {
    await addHook({ maxAttempts: 3 });
    rx.respond = () => 503;
    worker = svc.createWorker({ pollMs: 5, backoff: { baseMs: 5, maxMs: 10 } });
    await recordChange(store, { segment: "high_ltv", profile: "p3", change: "entered", at: Date.now() });
    worker.start();
    await waitFor(async () => (await svc.outbox.list({ status: "dead" })).rows.length === 1, 5000, "dead letter");
    expect(rx.requests).toHaveLength(3);
    expect((await svc.outbox.list({ status: "dead" })).rows[0]!.attempts).toBe(3);
  });

  it("rate limit: at most ratePerSec deliveries per second per destination", async () => {
    await addHook({ ratePerSec: 5, concurrency: 8 });
    worker = svc.createWorker({ pollMs: 5 });
    for (let i = 0; i < 10; i++) {
      await recordChange(store, { segment: "high_ltv", profile: `r${i}`, change: "entered", at: Date.now() });
    }
    const t0 = Date.now();
    worker.start();
    await waitFor(() => rx.requests.length === 10, 5000, "10 deliveries");
    // Burst of 5, then 5 more at 5/s: the tenth cannot arrive before ~1 s.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    const firstSecond = rx.requests.filter((r) => r.at - t0 < 500).length;
    expect(firstSecond).toBeLessThanOrEqual(7);
  });

  it("editing a destination while sends are in flight neither stalls nor loses deliveries", async () => {
    await addHook({ concurrency: 2 });
    rx.respond = async () => {
      await new Promise((r) => setTimeout(r, 30));
      return 200;
    };
    worker = svc.createWorker({ pollMs: 5 });
    for (let i = 0; i < 12; i++) {
      await recordChange(store, { segment: "high_ltv", profile: `e${i}`, change: "entered", at: Date.now() });
    }
    worker.start();
    await waitFor(() => rx.requests.length >= 2, 5000, "first deliveries");
    await svc.destinations.put(
      {
        id: "vip-hook",
        kind: "webhook",
        config: { url: rx.url, secrets: [SECRET_A] },
        segments: ["high_ltv"],
        concurrency: 2,
        name: "VIP hook (renamed)",
      },
      true,
    );
    await waitFor(async () => (await svc.outbox.list({ status: "delivered" })).rows.length === 12, 10_000, "all 12");
    expect(new Set(rx.requests.map((r) => r.key)).size).toBe(12);
  });

  it("a receiver slower than timeoutMs counts as a failed attempt (timed out) and is retried", async () => {
    await addHook({ config: { url: rx.url, secrets: [SECRET_A], timeoutMs: 150 } });
    let slow = true;
    rx.respond = async () => {
      if (slow) await new Promise((r) => setTimeout(r, 600));
      return 200;
    };
    worker = svc.createWorker({ backoff: { baseMs: 1, maxMs: 2 } });
    await recordChange(store, { segment: "high_ltv", profile: "slowpoke", change: "entered", at: Date.now() });
    await worker.tick(true);
    const row = (await svc.outbox.list({ destination: "vip-hook" })).rows[0]!;
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toContain("timed out after 150 ms");
    slow = false;
    await new Promise((r) => setTimeout(r, 10));
    await worker.drain();
    expect((await svc.outbox.list({ destination: "vip-hook" })).rows[0]).toMatchObject({
      status: "delivered",
      attempts: 2,
    });
  });

  it("alerts other modules put in the outbox (drift monitors) reach webhooks that asked for them", async () => {
    await addHook();
    await svc.destinations.put({
      id: "ops",
      kind: "webhook",
      config: { url: rx.url, secrets: [SECRET_A] },
      alerts: true,
    });
    await expect(
      svc.destinations.put({ id: "x", kind: "file", config: { dir: "/tmp/x" }, alerts: true }),
    ).rejects.toMatchObject({ code: "bad_destination", path: ["alerts"] });
    // Exactly what the measure module's enqueueAlert writes: destination "*", kind "alert", no profile.
    const seq = await store.nextSeq("outbox");
    await store.run("INSERT INTO outbox VALUES ($1, $2, '*', 'alert', NULL, $3, 'pending', 0, $4, NULL, $4, NULL)", [
      seq,
      "aov-drift:2024-05-01T00:00:00.000Z",
      JSON.stringify({ monitor: "aov-drift", level: "alert", psi: 0.31 }),
      Date.now(),
    ]);
    worker = svc.createWorker();
    await worker.drain();
    expect(rx.requests).toHaveLength(1);
    expect(rx.requests[0]!.json).toMatchObject({
      id: "aov-drift:2024-05-01T00:00:00.000Z:ops",
      type: "alert",
      monitor: "aov-drift",
      psi: 0.31,
    });
    expect((await svc.outbox.list({ destination: "*" })).rows[0]!.status).toBe("dispatched");
  });
});
