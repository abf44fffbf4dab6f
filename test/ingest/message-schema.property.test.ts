import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const good = fc.record({
  type: fc.constant("track"),
  userId: fc.string({ minLength: 1, maxLength: 8 }),
  event: fc.string({ minLength: 1, maxLength: 12 }),
  properties: fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
});

/** Ways to break a valid message, each a field a client can get wrong. */
const breakage = fc.constantFrom(
  (m: Record<string, unknown>) => ({ ...m, type: "purchase" }),
  (m: Record<string, unknown>) => ({ ...m, userId: undefined, anonymousId: undefined }),
  (m: Record<string, unknown>) => ({ ...m, event: "" }),
  (m: Record<string, unknown>) => ({ ...m, event: 42 }),
  (m: Record<string, unknown>) => ({ ...m, properties: "not-an-object" }),
  (m: Record<string, unknown>) => ({ ...m, timestamp: "yesterday-ish" }),
  (m: Record<string, unknown>) => ({ ...m, context: [1, 2] }),
  (_m: Record<string, unknown>) => null,
  (_m: Record<string, unknown>) => "a string",
);

describe("message schemas (property)", () => {
  it("random bad messages get a 400 naming the right index, never a 500", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(good, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        breakage,
        async (msgs, pick, breakIt) => {
          const bad = pick % msgs.length;
          const batch: unknown[] = msgs.map((m, i) => (i === bad ? breakIt(m) : m));
          const res = await t.post("/v1/batch", { batch });
          expect(res.status).toBe(400);
          const body = (await res.json()) as { error: { code: string; details: { errors: { path: unknown[] }[] } } };
          expect(body.error.code).toBe("invalid_messages");
          expect(body.error.details.errors.every((e) => e.path[0] === "batch" && e.path[1] === bad)).toBe(true);
        },
      ),
      { numRuns: 60 },
    );
  });

  it("random valid batches are accepted and stored exactly once", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(good, { minLength: 1, maxLength: 5 }), fc.uuid(), async (msgs, batchId) => {
        const batch = msgs.map((m, i) => ({ ...m, messageId: `${batchId}-${i}` }));
        expect((await t.post("/v1/batch", { batch })).status).toBe(200);
        expect((await t.post("/v1/batch", { batch })).status).toBe(200);
        const rows = await t.server.store.all<{ n: number }>(
          "SELECT count(*) AS n FROM events WHERE message_id LIKE $1",
          [`${batchId}-%`],
        );
        expect(rows[0]?.n).toBe(msgs.length);
      }),
      { numRuns: 30 },
    );
  });
});
