import { Hono } from "hono";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService } from "../../src/activate/index.js";
import { Ingestor } from "../../src/ingest/index.js";
import { errorResponse } from "../../src/server/index.js";
import { activateRoutes } from "../../src/server/routes/activate-routes.js";
import { DuckDBStore } from "../../src/store/index.js";
import { identify, recordChange, SECRET_A } from "./activation-helpers.js";

let store: DuckDBStore;
let app: Hono;
let svc: ActivationService;

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null });
  svc = new ActivationService(store);
  app = new Hono();
  app.onError((err, c) => errorResponse(c, err));
  app.route("/api", activateRoutes(svc));
});
afterEach(async () => {
  await store.close();
});

const call = async (method: string, path: string, body?: unknown) => {
  const res = await app.request(`/api${path}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body === undefined ? {} : { body: typeof body === "string" ? body : JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

const hook = {
  id: "h1",
  kind: "webhook",
  config: { url: "http://127.0.0.1:9/x", secrets: [SECRET_A] },
  segments: ["s"],
};

describe("activation API", () => {
  it("destinations: create, read with secrets redacted, rotate, replace, delete", async () => {
    const created = await call("POST", "/destinations", hook);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: "h1",
      kind: "webhook",
      purpose: "marketing",
      concurrency: 4,
      maxAttempts: 10,
    });
    expect(JSON.stringify(created.body)).not.toContain(SECRET_A);
    expect((await call("POST", "/destinations", hook)).body).toMatchObject({ error: { code: "destination_exists" } });
    const rotated = await call("POST", "/destinations/h1/rotate-secret");
    expect(String(rotated.body["secret"])).toMatch(/^whsec_/);
    expect(((await svc.destinations.get("h1")).config["secrets"] as string[])[1]).toBe(SECRET_A);
    const put = await call("PUT", "/destinations/h1", { ...hook, segments: ["s", "t"] });
    expect(put.body["segments"]).toEqual(["s", "t"]);
    expect((await call("GET", "/destinations")).body["destinations"]).toHaveLength(1);
    expect((await call("DELETE", "/destinations/h1")).status).toBe(200);
    expect(await call("GET", "/destinations/h1")).toMatchObject({
      status: 404,
      body: { error: { code: "destination_not_found" } },
    });
  });

  it("bad input is a 400 with a code and the path of the offending field", async () => {
    const badUrl = await call("POST", "/destinations", { ...hook, config: { url: "ftp://x", secrets: [SECRET_A] } });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body).toMatchObject({ error: { code: "bad_destination_config" } });
    expect(JSON.stringify(badUrl.body)).toContain("config.url");
    const shortSecret = await call("POST", "/destinations", {
      ...hook,
      config: { url: "http://x.test", secrets: ["short"] },
    });
    expect(JSON.stringify(shortSecret.body)).toContain("config.secrets.0");
    const kind = await call("POST", "/destinations", { ...hook, kind: "carrier-pigeon" });
    expect(kind.body).toMatchObject({ error: { code: "unknown_destination_kind", details: { path: ["kind"] } } });
    expect((await call("POST", "/destinations", "{oops")).body).toMatchObject({ error: { code: "bad_json" } });
    const rule = await call("POST", "/rules", {
      id: "r",
      trigger: { on: "entered", segment: "s" },
      delay: "2 hours",
      action: { destination: "nope" },
    });
    expect(rule.status).toBe(400);
    expect(JSON.stringify(rule.body)).toContain("delay");
    const tz = await call("POST", "/rules", {
      id: "r",
      trigger: { on: "entered", segment: "s" },
      quietHours: { start: "21:00", end: "25:00", defaultTimeZone: "Mars/Base" },
      action: { destination: "nope" },
    });
    expect(JSON.stringify(tz.body)).toContain("quietHours.end");
    const missingDest = await call("POST", "/rules", {
      id: "r",
      trigger: { on: "entered", segment: "s" },
      action: { destination: "nope" },
    });
    expect(missingDest.body).toMatchObject({
      error: { code: "destination_not_found", details: { path: ["action", "destination"] } },
    });
    expect((await call("GET", "/outbox?status=lost")).body).toMatchObject({ error: { code: "bad_status" } });
    expect((await call("GET", "/outbox?limit=many")).body).toMatchObject({ error: { code: "bad_parameter" } });
  });

  it("rules CRUD, enable/disable, and consent through the subscription API", async () => {
    await call("POST", "/destinations", hook);
    const r = await call("POST", "/rules", {
      id: "vip",
      name: "VIP journey",
      trigger: { on: "entered", segment: "high_ltv" },
      delay: "1h",
      frequencyCap: { max: 1, per: "7d" },
      action: { destination: "h1", channels: ["email", "sms"] },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ id: "vip", enabled: true, recheck: true });
    expect((await call("POST", "/rules/vip/disable")).body["enabled"]).toBe(false);
    expect((await call("GET", "/rules")).body["rules"]).toHaveLength(1);
    expect((await call("GET", "/rules/vip/log")).body).toEqual({ log: [] });

    const ingestor = await Ingestor.create(store);
    const pid = await identify(ingestor, store, "user-1", { email_opt_in: true }, Date.now() - 60_000);
    const set = await call("POST", "/consent", {
      profile: "user-1",
      channel: "email",
      purpose: "marketing",
      granted: false,
    });
    expect(set.status).toBe(201);
    expect(set.body["profile"]).toBe(pid);
    const ex = await call("GET", "/consent/user-1?channel=email&purpose=marketing");
    expect(ex.body["decisions"]).toEqual([
      { channel: "email", purpose: "marketing", granted: false, because: "api: denied" },
    ]);
    expect((await call("POST", "/consent", { profile: "nobody", granted: false })).status).toBe(404);
  });

  it("outbox: list with cursor paging, one row with history, stats, retry and replay", async () => {
    await call("POST", "/destinations", { ...hook, maxAttempts: 1 });
    for (let i = 0; i < 3; i++)
      await recordChange(store, { segment: "s", profile: `p${i}`, change: "entered", at: Date.now() });
    const worker = svc.createWorker();
    await worker.drain(); // port 9 refuses: one attempt each, then dead
    const page1 = await call("GET", "/outbox?destination=h1&limit=2");
    expect((page1.body["rows"] as unknown[]).length).toBe(2);
    const page2 = await call("GET", `/outbox?destination=h1&limit=2&cursor=${page1.body["nextCursor"]}`);
    expect((page2.body["rows"] as unknown[]).length).toBe(1);
    const seq = (page1.body["rows"] as { seq: number; status: string }[])[0]!;
    expect(seq.status).toBe("dead");
    const one = await call("GET", `/outbox/${seq.seq}`);
    expect((one.body["history"] as unknown[]).length).toBe(1);
    expect((await call("GET", "/outbox/stats")).body["stats"]).toContainEqual(
      expect.objectContaining({ destination: "h1", status: "dead", n: 3 }),
    );
    expect((await call("POST", "/outbox/retry", { seqs: [seq.seq] })).body).toEqual({ requeued: 1 });
    expect((await call("POST", "/outbox/replay", {})).body).toMatchObject({ error: { code: "replay_needs_scope" } });
    expect((await call("POST", "/outbox/replay", { destination: "h1", since: "yesterday" })).body).toMatchObject({
      error: { code: "bad_instant" },
    });
    await worker.stop();
  });
});
