import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const count = async (sql: string, params: (string | number)[] = []): Promise<number> =>
  Number((await t.server.store.all<{ n: number }>(sql, params))[0]?.n ?? 0);

describe("Segment-compatible ingestion API", () => {
  it("stores a batch and answers like Segment", async () => {
    const res = await t.post("/v1/batch", {
      batch: [
        { type: "identify", userId: "u1", traits: { plan: "pro", email: "a@x.io" }, messageId: "m1" },
        { type: "track", userId: "u1", event: "Order Completed", properties: { revenue: 42 }, messageId: "m2" },
        { type: "page", anonymousId: "anon-1", name: "Home", messageId: "m3" },
      ],
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ success: true });
    expect(await count("SELECT count(*) AS n FROM events WHERE message_id IN ('m1','m2','m3')")).toBe(3);
    expect(await count("SELECT count(*) AS n FROM events WHERE event = 'Page Viewed' AND name = 'Home'")).toBe(1);
  });

  it("deduplicates a re-sent batch by messageId", async () => {
    const batch = { batch: [{ type: "track", userId: "d1", event: "X", messageId: "dup-1" }] };
    expect((await t.post("/v1/batch", batch)).status).toBe(200);
    expect((await t.post("/v1/batch", batch)).status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM events WHERE message_id = 'dup-1'")).toBe(1);
  });

  it("accepts gzip bodies and the single-message endpoints", async () => {
    const body = gzipSync(JSON.stringify({ userId: "g1", event: "Zipped", messageId: "gz-1" }));
    const res = await t.post("/v1/track", body, { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect(await count("SELECT count(*) AS n FROM events WHERE message_id = 'gz-1' AND event = 'Zipped'")).toBe(1);
    for (const [path, msg] of [
      ["/v1/identify", { userId: "g1", traits: { a: 1 } }],
      ["/v1/screen", { userId: "g1", name: "Settings" }],
      ["/v1/group", { userId: "g1", groupId: "acme", traits: { industry: "retail" } }],
      ["/v1/alias", { userId: "g1", previousId: "old-g1" }],
    ] as const) {
      expect((await t.post(path, msg)).status, path).toBe(200);
    }
  });

  it("rejects a batch with a bad message all-or-nothing, naming index and field", async () => {
    const res = await t.post("/v1/batch", {
      batch: [
        { type: "track", userId: "v1", event: "Ok", messageId: "ok-1" },
        { type: "track", userId: "v1", messageId: "bad-1" },
        { type: "identify", messageId: "bad-2" },
      ],
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; details: { errors: { path: unknown[] }[] } } };
    expect(body.error.code).toBe("invalid_messages");
    const paths = body.error.details.errors.map((e) => e.path);
    expect(paths).toContainEqual(["batch", 1, "event"]);
    expect(paths).toContainEqual(["batch", 2, "userId"]);
    expect(await count("SELECT count(*) AS n FROM events WHERE message_id = 'ok-1'")).toBe(0);
  });

  it("enforces the 32 KB message and 500 KB batch limits", async () => {
    const big = "x".repeat(33 * 1024);
    const one = await t.post("/v1/batch", {
      batch: [{ type: "track", userId: "l", event: "Big", properties: { big } }],
    });
    expect(one.status).toBe(400);
    expect(
      ((await one.json()) as { error: { details: { errors: { code: string }[] } } }).error.details.errors[0]?.code,
    ).toBe("message_too_large");
    const many = Array.from({ length: 20 }, () => ({
      type: "track",
      userId: "l",
      event: "Big",
      properties: { p: "y".repeat(30_000) },
    }));
    const batch = await t.post("/v1/batch", { batch: many });
    expect(batch.status).toBe(400);
    expect(((await batch.json()) as { error: { code: string } }).error.code).toBe("payload_too_large");
  });

  it("requires a valid write key", async () => {
    const res = await fetch(`${t.server.url}/v1/track`, {
      method: "POST",
      headers: {
        authorization: `Basic ${Buffer.from("nope:").toString("base64")}`,
        "content-type": "application/json",
      },
      body: JSON.stringify({ userId: "x", event: "E" }),
    });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  });

  it("corrects client clock skew with sentAt", async () => {
    const received = Date.now();
    // The client clock runs one hour fast: its timestamp and sentAt are both +1h.
    const skew = 3_600_000;
    const res = await t.post("/v1/track", {
      userId: "skew",
      event: "Skewed",
      messageId: "skew-1",
      timestamp: new Date(received - 60_000 + skew).toISOString(),
      sentAt: new Date(received + skew).toISOString(),
    });
    expect(res.status).toBe(200);
    const ts = (await t.server.store.all<{ ts: number }>("SELECT ts FROM events WHERE message_id = 'skew-1'"))[0]!.ts;
    expect(Math.abs(ts - (received - 60_000))).toBeLessThan(2_000);
  });

  it("serves health, metrics and the profile API", async () => {
    expect((await fetch(`${t.server.url}/healthz`)).status).toBe(200);
    const metrics = await (await fetch(`${t.server.url}/metrics`)).text();
    expect(metrics).toMatch(/tessera_events_stored_total \d+/);
    expect(metrics).toMatch(/tessera_events_rejected_total \d+/);
    expect(metrics).toContain("tessera_http_request_duration_seconds_bucket");
    const p = await t.api("/api/profiles/u1");
    expect(p.status).toBe(200);
    const profile = (await p.json()) as { traits: Record<string, unknown>; eventCount: number };
    expect(profile.traits).toEqual({ plan: "pro", email: "a@x.io" });
    expect(profile.eventCount).toBe(2);
    expect((await t.api("/api/profiles/nobody")).status).toBe(404);
    expect((await fetch(`${t.server.url}/api/profiles/u1`)).status).toBe(401);
  });
});
