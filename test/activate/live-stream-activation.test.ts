import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ActivationService, type DeliveryWorker, verifySignature } from "../../src/activate/index.js";
import { Ingestor, validateAll } from "../../src/ingest/index.js";
import type { SegmentRecord } from "../../src/model/index.js";
import { DuckDBStore } from "../../src/store/index.js";
import { LiveStream } from "../../src/stream/index.js";
import { type Receiver, SECRET_A, startReceiver, waitFor } from "./activation-helpers.js";

let store: DuckDBStore;
let rx: Receiver;
let worker: DeliveryWorker;

beforeEach(async () => {
  store = await DuckDBStore.open({ dataDir: null, threads: 1 });
  rx = await startReceiver();
});
afterEach(async () => {
  await worker.stop();
  await rx.close();
  await store.close();
});

const highLtv: SegmentRecord = {
  id: "high_ltv",
  name: "High LTV",
  definition: { performed: "Order Completed", count: { op: "gte", value: 2 }, within: "30d" },
  refresh: "realtime",
  version: 1,
};

describe("ingest → streaming evaluator → outbox → webhook (the live path)", () => {
  it("a second order makes the person enter High LTV and the signed webhook arrives", async () => {
    const ingestor = await Ingestor.create(store);
    await LiveStream.start(store, ingestor, [highLtv]);
    const svc = new ActivationService(store);
    await svc.destinations.put({
      id: "crm",
      kind: "webhook",
      config: { url: rx.url, secrets: [SECRET_A] },
      segments: ["high_ltv"],
    });
    worker = svc.createWorker({ pollMs: 10 });
    worker.start();
    const order = (id: string) =>
      validateAll(
        [
          {
            type: "track",
            userId: "ada",
            event: "Order Completed",
            messageId: id,
            timestamp: new Date().toISOString(),
            properties: { revenue: 120 },
          },
        ],
        [],
      );
    await ingestor.ingest(order("o1"), { source: "t" });
    await new Promise((r) => setTimeout(r, 150));
    expect(rx.requests).toHaveLength(0);
    const t0 = Date.now();
    await ingestor.ingest(order("o2"), { source: "t" });
    worker.poke();
    await waitFor(() => rx.requests.length === 1, 5000, "the webhook after the second order");
    const r = rx.requests[0]!;
    expect(r.at - t0).toBeLessThan(5000);
    expect(r.json).toMatchObject({ type: "membership", segment: "high_ltv", change: "entered", version: 1 });
    expect(String(r.json["reason"])).toContain("Order Completed");
    expect(
      verifySignature(String(r.headers["tessera-signature"]), r.body, SECRET_A, Math.floor(Date.now() / 1000)).ok,
    ).toBe(true);
    const producer = await store.all<{ idempotency_key: string }>(
      "SELECT idempotency_key FROM outbox WHERE destination = '*'",
    );
    expect(r.key).toBe(`${producer[0]!.idempotency_key}:crm`);
  });
});
