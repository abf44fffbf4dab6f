import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService, audienceKeyOf } from "../../src/activate/index.js";
import { Ingestor } from "../../src/ingest/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { startTestServer, type TestServer } from "../helpers/test-server.js";
import { identify, recordChange } from "./activation-helpers.js";

let target: TestServer;
let store: DuckDBStore;

beforeEach(async () => {
  target = await startTestServer();
  store = await DuckDBStore.open({ dataDir: null });
});
afterEach(async () => {
  await store.close();
  await target.stop();
});

describe("Segment-format forward, tested against Tessera's own /v1/batch", () => {
  it("names audiences the way hosted audience products do", () => {
    expect(audienceKeyOf("highLtv")).toBe("high_ltv");
    expect(audienceKeyOf("High LTV — 2024")).toBe("high_ltv_2024");
  });

  it("sends identify with the audience trait and track Audience Entered/Exited; redelivery is deduplicated", async () => {
    const ingestor = await Ingestor.create(store);
    const p = await identify(ingestor, store, "user-42", { email: "u42@example.com" });
    const svc = new ActivationService(store);
    await svc.destinations.put({
      id: "fwd",
      kind: "segment",
      config: { url: target.server.url, writeKey: target.writeKey },
      segments: ["highLtv"],
    });
    const worker = svc.createWorker();
    await recordChange(store, { segment: "highLtv", profile: p, change: "entered", at: Date.now() - 1000 });
    await worker.drain();
    const profile = async () => (await (await target.api("/api/profiles/user-42")).json()) as Record<string, unknown>;
    let got = await profile();
    expect(got["traits"]).toMatchObject({ high_ltv: true });
    expect(got["eventCounts"]).toMatchObject({ "Audience Entered": 1 });

    // Replaying the same delivery sends the same messageIds: the receiver drops them as duplicates.
    expect(await svc.outbox.replay({ destination: "fwd" })).toBe(1);
    await worker.drain();
    got = await profile();
    expect(got["eventCounts"]).toMatchObject({ "Audience Entered": 1 });

    await recordChange(store, { segment: "highLtv", profile: p, change: "exited", at: Date.now() });
    await worker.drain();
    got = await profile();
    expect(got["traits"]).toMatchObject({ high_ltv: false });
    expect(got["eventCounts"]).toMatchObject({ "Audience Entered": 1, "Audience Exited": 1 });
    expect((await svc.outbox.list({ destination: "fwd" })).rows.map((r) => r.status)).toEqual([
      "delivered",
      "delivered",
    ]);
    await worker.stop();
  });

  it("a wrong write key is a 401 from the receiver: not retryable, dead-lettered with the reason", async () => {
    const svc = new ActivationService(store);
    await svc.destinations.put({
      id: "fwd",
      kind: "segment",
      config: { url: target.server.url, writeKey: "not-a-key" },
      segments: ["*"],
    });
    const worker = svc.createWorker();
    await recordChange(store, { segment: "s", profile: "x", change: "entered", at: Date.now() });
    await worker.drain();
    const dead = (await svc.outbox.list({ status: "dead" })).rows;
    expect(dead).toHaveLength(1);
    expect(dead[0]!.lastError).toContain("HTTP 401");
    await worker.stop();
  });
});
