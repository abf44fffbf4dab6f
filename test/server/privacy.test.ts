import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../helpers/test-server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

describe("privacy: export and erasure of a person", () => {
  it("exports everything, erases it in one go, and blocks re-ingestion of the erased ids", async () => {
    await t.post("/v1/batch", {
      batch: [
        { type: "page", anonymousId: "anon-e", name: "Home" },
        { type: "identify", userId: "erin", anonymousId: "anon-e", traits: { email: "erin@example.com" } },
        { type: "track", userId: "erin", event: "Order Completed", properties: { revenue: 10 } },
        { type: "track", userId: "other", event: "Order Completed" },
      ],
    });
    const exp = (await (await t.api("/api/profiles/erin/export")).json()) as {
      events: unknown[];
      traitHistory: unknown[];
    };
    expect(exp.events).toHaveLength(3);
    expect(exp.traitHistory).toHaveLength(1);

    const del = await t.api("/api/profiles/erin", { method: "DELETE" });
    expect(del.status).toBe(200);
    expect(((await del.json()) as { erased: { keys: string[] } }).erased.keys.sort()).toEqual([
      "anon:anon-e",
      "user:erin",
    ]);
    expect((await t.api("/api/profiles/erin")).status).toBe(404);
    const left = await t.server.store.all<{ n: number }>(
      "SELECT (SELECT count(*) FROM events WHERE user_id = 'erin' OR anonymous_id = 'anon-e') + (SELECT count(*) FROM trait_values WHERE value LIKE '%erin@%') AS n",
    );
    expect(left[0]?.n).toBe(0);
    // The live stream forgot the person in the same transaction and rewrote its snapshot without them.
    const snaps = await t.server.store.all<{ data: string }>("SELECT data FROM snapshots");
    expect(snaps.length).toBeGreaterThan(0);
    for (const s of snaps) expect(s.data).not.toMatch(/erin|anon-e/);

    // Re-sent data for the erased person is acknowledged but not stored; others are unaffected.
    const res = await t.post("/v1/track", { userId: "erin", event: "Order Completed" });
    expect(res.status).toBe(200);
    expect((await t.api("/api/profiles/erin")).status).toBe(404);
    expect((await t.api("/api/profiles/other")).status).toBe(200);
  });

  it("scopes API keys: a read key cannot erase", async () => {
    const read = await t.server.keys.create(["read"], "reader");
    const res = await fetch(`${t.server.url}/api/profiles/other`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${read.secret}` },
    });
    expect(res.status).toBe(403);
    const ok = await fetch(`${t.server.url}/api/profiles/other`, {
      headers: { authorization: `Bearer ${read.secret}` },
    });
    expect(ok.status).toBe(200);
  });
});
